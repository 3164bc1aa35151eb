namespace LeadRouting.Web.Retention;

/// <summary>
/// One kind of record the retention job removes once it is older than its period (<see cref="RetentionOptions"/>).
/// <see cref="RetentionRunner"/> calls <see cref="RemoveBatchAsync"/> again and again, pausing in between, until a batch
/// finds fewer than it may take; a rule registers with one line: <c>services.AddScoped&lt;IRetentionRule, TheRule&gt;()</c>.
/// </summary>
/// <remarks>
/// A batch must be short: at most <c>batchSize</c> records in one transaction of its own, found before that transaction
/// starts (a read in WAL mode blocks nobody), so the lead writer never waits more than a few milliseconds. A rule must
/// be idempotent and re-check its condition in the delete itself: a record that changed since it was found (an outbox
/// message retried, a lead reopened) is not removed.
/// </remarks>
public interface IRetentionRule
{
    RetentionKind Kind { get; }

    /// <summary>Removes at most <paramref name="batchSize"/> records older than <paramref name="cutoff"/>, oldest first.</summary>
    Task<RetentionBatch> RemoveBatchAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);
}

/// <summary>What one batch did: how many records it found to remove, and how many it removed.</summary>
public readonly record struct RetentionBatch(int Found, int Removed)
{
    public static RetentionBatch None => default;
}
