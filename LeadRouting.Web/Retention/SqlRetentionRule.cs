using System.Data.Common;
using System.Globalization;
using LeadRouting.Web.Data;

namespace LeadRouting.Web.Retention;

/// <summary>
/// A retention rule over one table: find the ids of up to a batch of rows older than the cutoff (a plain read), then
/// delete those ids in one statement that checks the same condition again. The SQL is the same on SQLite and
/// PostgreSQL (quoted identifiers, instants as UTC ticks, enums as names, as <c>LeadRoutingDbContext</c> stores them).
/// </summary>
/// <remarks>
/// Its own connection, not the lead writer's: the deletes touch no routing state, and every other writer of the app (the
/// outbox dispatcher, the settings pages) works the same way. SQLite has one writer at a time: the delete of a batch holds
/// the write lock for the few milliseconds it takes, and the writer's next <c>BEGIN IMMEDIATE</c> waits that long on its
/// busy timeout (<see cref="LeadRoutingStorage.SqlitePragmas"/>, 10 s) instead of failing; ours waits the same way for
/// the writer's batch. A table's key is its <c>Id</c> unless the rule names other key columns (read by the select in that
/// order; a composite key is matched column by column).
/// </remarks>
public sealed class SqlRetentionRule(RetentionKind kind, string table, string selectIds, string condition, LeadRoutingStorage storage, string[]? keys = null) : IRetentionRule
{
    private readonly string[] _keys = keys ?? ["Id"];

    public RetentionKind Kind { get; } = kind;

    /// <summary>
    /// Processed outbox messages. A message is kept while delivery rows of it remain: they point at it (a foreign key that
    /// cascades), and removing it would take delivery rows younger than their own period with it. Unprocessed messages
    /// (new, or waiting to be retried) are never removed.
    /// </summary>
    public static SqlRetentionRule ProcessedOutboxMessages(LeadRoutingStorage storage) => new(
        RetentionKind.ProcessedOutboxMessages,
        "Outbox",
        """SELECT o."Id" FROM "Outbox" o WHERE {0} ORDER BY o."ProcessedAt" LIMIT @limit""",
        """o."ProcessedAt" IS NOT NULL AND o."ProcessedAt" < @cutoff AND NOT EXISTS (SELECT 1 FROM "NotificationDeliveries" d WHERE d."OutboxMessageId" = o."Id")""",
        storage);

    /// <summary>
    /// Delivery rows that are finished — delivered, or failed for good — counted from the delivery, or for a failure from
    /// its last attempt. A pending delivery (first attempt or waiting to be retried) is never removed.
    /// </summary>
    public static SqlRetentionRule NotificationDeliveries(LeadRoutingStorage storage) => new(
        RetentionKind.NotificationDeliveries,
        "NotificationDeliveries",
        """SELECT o."Id" FROM "NotificationDeliveries" o WHERE {0} ORDER BY o."Id" LIMIT @limit""",
        """o."Status" <> 'Pending' AND COALESCE(o."DeliveredAt", o."NextAttemptAt") < @cutoff""",
        storage);

    /// <summary>
    /// Audit events older than the cutoff, except a lead's while that lead is open or closed within the period: the
    /// history of a lead anyone still works on (or looks back on) stays whole. Events of no lead (settings changes, key
    /// and user events) go by their age alone.
    /// </summary>
    public static SqlRetentionRule AuditEvents(LeadRoutingStorage storage) => new(
        RetentionKind.AuditEvents,
        "AuditEvents",
        """SELECT o."Id" FROM "AuditEvents" o WHERE {0} ORDER BY o."At" LIMIT @limit""",
        """o."At" < @cutoff AND (o."LeadId" IS NULL OR NOT EXISTS (SELECT 1 FROM "Leads" l WHERE l."Id" = o."LeadId" AND (l."ClosedAt" IS NULL OR l."ClosedAt" >= @cutoff)))""",
        storage);

    /// <summary>
    /// Nudges sent (<c>LeadNudges</c>), which keep a sweep from sending one twice. A row is needed while its assignment's
    /// windows can still be nudged, so it goes only when it was sent longer ago than the period and its lead has no
    /// acceptance or response deadline within the period (none at or after the cutoff).
    /// </summary>
    public static SqlRetentionRule SentNudges(LeadRoutingStorage storage) => new(
        RetentionKind.SentNudges,
        "LeadNudges",
        """SELECT o."LeadId", o."Nudge" FROM "LeadNudges" o WHERE {0} ORDER BY o."SentAt" LIMIT @limit""",
        """o."SentAt" < @cutoff AND NOT EXISTS (SELECT 1 FROM "Leads" l WHERE l."Id" = o."LeadId" AND (l."RespondBy" >= @cutoff OR l."EscalateAt" >= @cutoff))""",
        storage,
        ["LeadId", "Nudge"]);

    /// <summary>
    /// Uses of accept/decline links (<c>ActionLinkUses</c>), which refuse a replayed link. A link expires at its lead's
    /// acceptance deadline, so a use row goes only when it was used longer ago than the period and its lead has no
    /// acceptance deadline within the period: by then every link it could refuse has expired on its own.
    /// </summary>
    public static SqlRetentionRule UsedActionLinks(LeadRoutingStorage storage) => new(
        RetentionKind.UsedActionLinks,
        "ActionLinkUses",
        """SELECT o."Key" FROM "ActionLinkUses" o WHERE {0} ORDER BY o."UsedAt" LIMIT @limit""",
        """o."UsedAt" < @cutoff AND NOT EXISTS (SELECT 1 FROM "Leads" l WHERE l."Id" = o."LeadId" AND l."EscalateAt" >= @cutoff)""",
        storage,
        ["Key"]);

    public async Task<RetentionBatch> RemoveBatchAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = storage.Open();
        var ids = new List<object[]>(batchSize);
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = string.Format(CultureInfo.InvariantCulture, selectIds, condition);
            Add(select, "@cutoff", cutoff.UtcTicks);
            Add(select, "@limit", batchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = new object[_keys.Length];
                reader.GetValues(key);
                ids.Add(key);
            }
        }

        if (ids.Count == 0)
        {
            return RetentionBatch.None;
        }

        // One statement, one short transaction (autocommit): the keys are known, so it touches exactly those rows by
        // their primary key, and the condition again keeps a row that changed since it was read.
        await using var delete = connection.CreateCommand();
        delete.CommandText = $"""DELETE FROM "{table}" AS o WHERE ({KeysMatch(delete, ids)}) AND {condition}""";
        Add(delete, "@cutoff", cutoff.UtcTicks);
        var removed = await delete.ExecuteNonQueryAsync(cancellationToken);
        return new RetentionBatch(ids.Count, removed);
    }

    /// <summary>A single key: <c>o."Id" IN (@k0_0, …)</c>; a composite one: <c>(o."A" = @k0_0 AND o."B" = @k0_1) OR …</c>.</summary>
    private string KeysMatch(DbCommand command, List<object[]> ids)
    {
        var rows = new string[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            var columns = new string[_keys.Length];
            for (var k = 0; k < _keys.Length; k++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@k{i}_{k}");
                Add(command, name, ids[i][k]);
                columns[k] = _keys.Length == 1 ? name : $"o.\"{_keys[k]}\" = {name}";
            }

            rows[i] = _keys.Length == 1 ? columns[0] : "(" + string.Join(" AND ", columns) + ")";
        }

        return _keys.Length == 1 ? $"o.\"{_keys[0]}\" IN ({string.Join(", ", rows)})" : string.Join(" OR ", rows);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
