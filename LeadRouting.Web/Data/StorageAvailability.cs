namespace LeadRouting.Web.Data;

/// <summary>
/// Whether the lead writer can commit right now, as it last found out: <c>/health</c> reports an outage as Unhealthy
/// with its reason, and the writer fails callers at once while one lasts (<see cref="Leads.LeadWriter"/>).
/// </summary>
/// <remarks>Only the writer changes it (one thread); anyone may read it.</remarks>
public sealed class StorageAvailability(TimeProvider time)
{
    private StorageOutage? _outage;

    /// <summary>The outage in progress, or null while writes commit.</summary>
    public StorageOutage? Outage => Volatile.Read(ref _outage);

    /// <summary>
    /// A batch failed on a storage fault: starts the outage, or continues it. <paramref name="refusedWork"/> is false for
    /// the writer's own empty probes, which refuse nobody.
    /// </summary>
    internal StorageOutage Failed(string reason, bool refusedWork)
    {
        var refused = refusedWork ? 1 : 0;
        var outage = Outage is { } current
            ? current with { Reason = reason, RefusedBatches = current.RefusedBatches + refused }
            : new StorageOutage(reason, time.GetUtcNow(), refused);
        Volatile.Write(ref _outage, outage);
        return outage;
    }

    /// <summary>A batch committed: ends the outage, if there was one, and answers it.</summary>
    internal StorageOutage? Recovered() => Interlocked.Exchange(ref _outage, null);
}

/// <summary>Writes have failed since <paramref name="Since"/>; the latest reason and how many batches of work were refused.</summary>
public sealed record StorageOutage(string Reason, DateTimeOffset Since, int RefusedBatches);
