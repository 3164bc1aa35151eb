using System.Data.Common;
using LeadRouting.Web.Data;

namespace LeadRouting.Web.Retention;

/// <summary>
/// Erases the personal data of leads closed (converted or disqualified) before the cutoff. This rule only <em>selects</em>
/// them — closed before the cutoff and not erased yet, oldest closing first — and hands each batch of ids to the
/// registered <see cref="IClosedLeadEraser"/>, the same anonymiser that erases a person on request, so the lead, its
/// stage and times stay and analytics keep counting it. Without an eraser registered it removes nothing and says so.
/// </summary>
public sealed class ClosedLeadsRetentionRule(LeadRoutingStorage storage, IServiceProvider services, ILogger<ClosedLeadsRetentionRule> logger) : IRetentionRule
{
    private static int _saidNoEraser;

    public RetentionKind Kind => RetentionKind.ClosedLeadsPersonalData;

    public async Task<RetentionBatch> RemoveBatchAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        if (services.GetService<IClosedLeadEraser>() is not { } eraser)
        {
            // Said once per process, not at every run: it is a fact of this build, not news.
            if (Interlocked.Exchange(ref _saidNoEraser, 1) == 0)
            {
                logger.LogInformation("Retention:ClosedLeadsPersonalData is set, but no personal-data eraser is registered: closed leads are kept as they are.");
            }

            return RetentionBatch.None;
        }

        var ids = await SelectAsync(eraser.NotErasedCondition, cutoff, batchSize, cancellationToken);
        if (ids.Count == 0)
        {
            return RetentionBatch.None;
        }

        var erased = await eraser.EraseAsync(ids, cancellationToken);
        return new RetentionBatch(ids.Count, erased);
    }

    /// <summary>The ids of up to <paramref name="limit"/> leads closed before <paramref name="cutoff"/> and not erased yet, oldest closing first.</summary>
    public async Task<IReadOnlyList<string>> SelectAsync(string notErasedCondition, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var connection = storage.Open();
        await using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT "Id" FROM "Leads"
            WHERE "ClosedAt" IS NOT NULL AND "ClosedAt" < @cutoff AND ({notErasedCondition})
            ORDER BY "ClosedAt", "Id" LIMIT @limit
            """;
        Add(select, "@cutoff", cutoff.UtcTicks);
        Add(select, "@limit", limit);
        var ids = new List<string>(limit);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>
/// Irreversibly anonymises the personal data of a set of leads (GDPR erasure), keeping what analytics count. Retention
/// registers nothing for it: the privacy feature's eraser implements it (one line:
/// <c>services.AddScoped&lt;IClosedLeadEraser, TheEraser&gt;()</c>), and <see cref="ClosedLeadsRetentionRule"/> calls it
/// for closed leads past their period.
/// </summary>
public interface IClosedLeadEraser
{
    /// <summary>
    /// A SQL condition on the <c>"Leads"</c> table (no alias) that holds for a lead whose personal data is still there,
    /// e.g. <c>"ErasedAt" IS NULL</c>: the selection skips leads already erased, so each is handed over once.
    /// </summary>
    string NotErasedCondition { get; }

    /// <summary>Erases the leads with these ids, in transactions short enough not to hold the writer up; answers how many it erased.</summary>
    Task<int> EraseAsync(IReadOnlyList<string> leadIds, CancellationToken cancellationToken);
}
