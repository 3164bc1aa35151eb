namespace LeadRouting.Web.Data;

/// <summary>
/// The database cannot take writes right now (a full disk, an I/O error, PostgreSQL out of reach). Nothing of the
/// refused work was stored, so the same request can simply be sent again: the API answers <c>503</c> with
/// <c>Retry-After</c> (<see cref="Api.StorageUnavailableFilter"/>), rep and manager actions show <see cref="Exception.Message"/>.
/// </summary>
public sealed class StorageUnavailableException(string reason, Exception? cause = null)
    : Exception($"The database cannot take changes right now: {reason}. Nothing was changed; try again in a moment.", cause)
{
    /// <summary>What clients are told to wait before sending again: the writer tries the store again every second.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>A short reason without connection details (<see cref="LeadRoutingStorage.DescribeStorageFault"/>).</summary>
    public string Reason { get; } = reason;
}
