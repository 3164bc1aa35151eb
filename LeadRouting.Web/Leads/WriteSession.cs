using System.Data;
using System.Data.Common;
using System.Text.Json;
using LeadRouting.Web.Routing;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LeadRouting.Web.Leads;

/// <summary>
/// What a write item may do to the database: reads and writes of leads and routing state as plain SQL on the writer's
/// connection, inside the writer's transaction. Commands are prepared once per connection and reused for every lead.
/// </summary>
/// <remarks>
/// This is the hot path of ingestion, so it bypasses EF Core's change tracker; the tables and the value formats are
/// EF's (see <c>LeadRoutingDbContext</c>: instants as UTC ticks, enums as names, lists as JSON arrays, decimals as
/// text), and the API tests read every row written here back through EF. Identifiers are quoted and parameters named,
/// so the statements are the same on SQLite and PostgreSQL.
/// </remarks>
public sealed class WriteSession : IDisposable
{
    private static readonly string LeadColumns = WrittenColumns.List(WrittenColumns.Lead);

    private static readonly string InsertLeadSql = WrittenColumns.Insert("Leads", WrittenColumns.Lead);

    private static readonly string UpdateLeadSql =
        $"UPDATE \"Leads\" SET {string.Join(", ", WrittenColumns.LeadUpdated.Select((c, i) => $"\"{c}\" = @p{i}"))}, \"Version\" = \"Version\" + 1 " +
        $"WHERE \"Id\" = @p{WrittenColumns.LeadUpdated.Length} AND \"Version\" = @p{WrittenColumns.LeadUpdated.Length + 1}";

    private static readonly string InsertSignalSql = WrittenColumns.Insert("Signals", WrittenColumns.Signal);
    private static readonly string InsertDecisionSql = WrittenColumns.Insert("RoutingDecisions", WrittenColumns.Decision);
    private static readonly string InsertAuditEventSql = WrittenColumns.Insert("AuditEvents", WrittenColumns.AuditEvent);
    private static readonly string InsertOutboxSql = WrittenColumns.Insert("Outbox", WrittenColumns.Outbox);
    private static readonly string InsertTaskSql = WrittenColumns.Insert("LeadTasks", WrittenColumns.Task);
    private static readonly string InsertRepStateSql = WrittenColumns.Insert("RepStates", WrittenColumns.RepState);
    private static readonly string InsertPassSql = WrittenColumns.Insert("RoundRobinPasses", WrittenColumns.RoundRobinPass, " ON CONFLICT DO NOTHING");
    private static readonly string ClaimActionLinkSql = WrittenColumns.Insert("ActionLinkUses", WrittenColumns.ActionLinkUse, " ON CONFLICT DO NOTHING");
    private static readonly string ClaimNudgeSql = WrittenColumns.Insert("LeadNudges", WrittenColumns.LeadNudge, " ON CONFLICT DO NOTHING");
    private static readonly string InsertPoolSql = WrittenColumns.Insert("RoundRobinPools", WrittenColumns.RoundRobinPool, " ON CONFLICT DO NOTHING");
    private static readonly string InsertPoolPickSql = WrittenColumns.Insert("PoolPicks", WrittenColumns.PoolPick);

    private readonly DbConnection _connection;
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (sqlite3_stmt Statement, int[] Positions)> _statements = new(StringComparer.Ordinal);
    private DbTransaction? _transaction;
    private PublishedConfiguration? _published;
    private bool _rollingBack;
    private readonly Dictionary<string, MakeUpPolicy> _makeUp = new(StringComparer.Ordinal);

    public WriteSession(DbConnection connection) => _connection = connection;

    /// <summary>
    /// How many SQL statements this session has run (reads and writes, savepoints included): what a write costs in
    /// round trips to the database, which is what the import and ingestion paths are tuned by (issues 16 and 21).
    /// </summary>
    public long Statements { get; private set; }

    /// <summary>The routing configuration live for this batch.</summary>
    public PublishedConfiguration Published => _published ?? throw new InvalidOperationException("No batch is open.");

    internal void Begin(DbTransaction transaction, PublishedConfiguration published)
    {
        _transaction = transaction;
        _published = published;
        _makeUp.Clear();
    }

    /// <summary>
    /// PostgreSQL: waits until no other instance's routing transaction is open, and holds that turn until this
    /// transaction ends (an advisory lock scoped to the transaction, released by commit, rollback or a dropped
    /// connection). Routing transactions of a cluster then run one after another, as on SQLite: the conditional
    /// updates and unique keys still guarantee correctness, the lock saves them from deadlocks and lost races between
    /// batches that touch the same pools and reps in different orders.
    /// </summary>
    internal void TakeRoutingTurn() => Execute($"SELECT pg_advisory_xact_lock({Data.LeadRoutingStorage.RoutingWriteLockKey})");

    /// <summary>Marks where the current item began, so <see cref="RollbackToSavepoint"/> undoes it alone.</summary>
    internal void Savepoint() => Execute("SAVEPOINT item");

    internal void ReleaseSavepoint() => Execute("RELEASE SAVEPOINT item");

    /// <summary>Undoes everything since <see cref="Savepoint"/> and leaves the savepoint.</summary>
    internal void RollbackToSavepoint()
    {
        Execute("ROLLBACK TO SAVEPOINT item");
        Execute("RELEASE SAVEPOINT item");
    }

    /// <summary>
    /// False inside <see cref="RolledBack{T}"/>: the records of what happened (decisions with their traces, audit events,
    /// outbox messages, next-step tasks) are not written, since the work reads none of them back and the rollback would
    /// throw them away. Callers may skip building them too; everything routing reads is still written.
    /// </summary>
    public bool KeepsRecords => !_rollingBack;

    /// <summary>
    /// Runs <paramref name="work"/> and undoes everything it wrote, whatever happens: a dry run writes what the real work
    /// writes that routing reads back — leads, signals, rep loads, round-robin moves, account claims — so each step sees
    /// the steps before it, and keeps none of it: no lead outlives it, and the batch around it commits only the other
    /// items' writes. The records nothing reads back (<see cref="KeepsRecords"/>) are not written at all: a 50,000-row
    /// dry run spent a third of its time writing and rendering them only to roll them back (issue 16 profile).
    /// </summary>
    internal T RolledBack<T>(Func<T> work)
    {
        Execute("SAVEPOINT dry_run");
        _rollingBack = true;
        T result;
        try
        {
            result = work();
        }
        catch (Exception failure)
        {
            try
            {
                UndoDryRun();
            }
            catch (DbException)
            {
                // A storage fault may already have ended the whole transaction (and the savepoint with it): the
                // work's own error is what the writer must see, and the writer rolls back whatever is left.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }

            throw;
        }

        UndoDryRun();
        return result;
    }

    private void UndoDryRun()
    {
        _rollingBack = false;
        Execute("ROLLBACK TO SAVEPOINT dry_run");
        Execute("RELEASE SAVEPOINT dry_run");
    }

    public string? FindLeadIdByExternalId(string externalId) =>
        QuerySingle("SELECT \"Id\" FROM \"Leads\" WHERE \"ExternalId\" = @p0", r => r.GetString(0), externalId);

    /// <summary>A lead of this email received at exactly this instant: the same record of an export imported again.</summary>
    public string? FindLeadIdByEmailAndReceivedAt(string email, DateTimeOffset receivedAt) =>
        QuerySingle("SELECT \"Id\" FROM \"Leads\" WHERE \"Email\" = @p0 AND \"ReceivedAt\" = @p1 LIMIT 1", r => r.GetString(0), email, receivedAt);

    /// <summary>A stored lead with every column (no signals, decisions or events).</summary>
    public LeadEntity? FindLead(string id) =>
        QuerySingle($"SELECT {LeadColumns} FROM \"Leads\" WHERE \"Id\" = @p0", ReadLead, id);

    public List<Signal> SignalsOf(string leadId) =>
        Query("SELECT \"Type\", \"At\" FROM \"Signals\" WHERE \"LeadId\" = @p0 ORDER BY \"At\"",
            r => new Signal(Enum.Parse<SignalType>(r.GetString(0)), Instant(r, 1)), leadId);

    public ExistingLead? FindOpenLeadByEmail(string email, DateTimeOffset receivedSince)
    {
        var found = QuerySingle(
            $"SELECT \"Id\", \"Email\", \"CompanyDomain\", \"OwnerId\", \"Stage\", \"ReceivedAt\", \"Action\" FROM \"Leads\" " +
            $"WHERE \"Email\" = @p0 AND \"ReceivedAt\" >= @p1 AND \"Stage\" NOT IN ({StageSql.Closed}) ORDER BY \"ReceivedAt\" DESC LIMIT 1",
            ReadExisting, email, receivedSince);
        return found is null ? null : found with { Signals = SignalsOf(found.Id.Value) };
    }

    /// <summary>
    /// The newest open lead of a person (<see cref="Core.Routing.Matching.PersonNames.Key"/>) at the account of
    /// <paramref name="accountDomain"/>, received at or after <paramref name="receivedSince"/>, other than
    /// <paramref name="except"/> (issue 19; the index on <c>(AccountDomain, PersonKey)</c>).
    /// </summary>
    public ExistingLead? FindOpenLeadByPerson(string accountDomain, string personKey, DateTimeOffset receivedSince, string? except) => QuerySingle(
        $"SELECT \"Id\", \"Email\", \"CompanyDomain\", \"OwnerId\", \"Stage\", \"ReceivedAt\", \"Action\" FROM \"Leads\" " +
        $"WHERE \"AccountDomain\" = @p0 AND \"PersonKey\" = @p1 AND \"ReceivedAt\" >= @p2 AND \"Id\" <> @p3 AND \"Stage\" NOT IN ({StageSql.Closed}) " +
        "ORDER BY \"ReceivedAt\" DESC LIMIT 1",
        ReadExisting, accountDomain, personKey, receivedSince, except ?? "");

    public ExistingLead? FindOpenAssignedLeadByDomain(string domain) => QuerySingle(
        $"SELECT \"Id\", \"Email\", \"CompanyDomain\", \"OwnerId\", \"Stage\", \"ReceivedAt\", \"Action\" FROM \"Leads\" " +
        $"WHERE \"CompanyDomain\" = @p0 AND \"OwnerId\" IS NOT NULL AND \"Stage\" NOT IN ({StageSql.Closed}) ORDER BY \"ReceivedAt\" DESC LIMIT 1",
        ReadExisting, domain);

    public AccountRecord? FindAccount(string domain) => QuerySingle(
        "SELECT \"Domain\", \"Name\", \"OwnerId\", \"IsNamedAccount\", \"IsCustomer\", \"Industry\", \"Employees\", \"Country\" FROM \"Accounts\" WHERE \"Domain\" = @p0",
        r => new AccountRecord
        {
            Domain = r.GetString(0),
            Name = r.GetString(1),
            OwnerId = r.IsDBNull(2) ? null : new Core.RepId(r.GetString(2)),
            IsNamedAccount = r.GetBoolean(3),
            IsCustomer = r.GetBoolean(4),
            Industry = r.IsDBNull(5) ? null : r.GetString(5),
            Employees = r.IsDBNull(6) ? null : r.GetInt32(6),
            Country = r.IsDBNull(7) ? null : r.GetString(7),
        },
        domain);

    public RepStatus? FindRepStatus(string repId) => QuerySingle(
        "SELECT \"Availability\", \"OutOfOfficeUntil\", \"OpenLeads\" FROM \"RepStates\" WHERE \"RepId\" = @p0",
        r => new RepStatus(Enum.Parse<Availability>(r.GetString(0)), r.IsDBNull(1) ? null : Instant(r, 1), r.GetInt32(2)),
        repId);

    public long? FindPoolVirtualTime(string poolKey) => FindPool(poolKey)?.VirtualTime;

    /// <summary>A pool's virtual time and catch-up accrual, or null for a pool that never picked.</summary>
    public (long VirtualTime, long Accrued)? FindPool(string poolKey) =>
        Query("SELECT \"VirtualTime\", \"Accrued\" FROM \"RoundRobinPools\" WHERE \"PoolKey\" = @p0",
            r => ((long VirtualTime, long Accrued)?)(r.GetInt64(0), r.GetInt64(1)), 1, [poolKey]).FirstOrDefault();

    public Dictionary<string, StoredPass> PassesOf(string poolKey) =>
        Query("SELECT \"RepId\", \"Pass\", \"Credit\", \"Taken\" FROM \"RoundRobinPasses\" WHERE \"PoolKey\" = @p0",
                r => (Rep: r.GetString(0), Stored: new StoredPass(r.GetInt64(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3))), poolKey)
            .ToDictionary(p => p.Rep, p => p.Stored, StringComparer.Ordinal);

    /// <summary>The pool's make-up policy (read once per batch: a manager's change applies from the next batch).</summary>
    public MakeUpPolicy MakeUpOf(string poolKey)
    {
        if (!_makeUp.TryGetValue(poolKey, out var policy))
        {
            policy = QuerySingle("SELECT \"MakeUp\" FROM \"PoolSettings\" WHERE \"PoolKey\" = @p0", r => r.GetString(0), poolKey) is { } name
                ? Enum.Parse<MakeUpPolicy>(name)
                : MakeUpPolicy.None;
            _makeUp[poolKey] = policy;
        }

        return policy;
    }

    /// <summary>Leads routing assigned to <paramref name="repId"/> at or after <paramref name="since"/> (the caps), counted from the decisions.</summary>
    public int AssignedSince(string repId, DateTimeOffset since) =>
        Query("SELECT COUNT(DISTINCT \"LeadId\") FROM \"RoutingDecisions\" WHERE \"OwnerId\" = @p0 AND \"DecidedAt\" >= @p1",
            r => (int)r.GetInt64(0), repId, since).FirstOrDefault();

    /// <summary>
    /// Takes the one use of an accept/decline link's assignment (issue 19): true when this call took it, false when it was
    /// used before (a replay), in which case the caller changes nothing. Rolled back with the item when it fails.
    /// </summary>
    public bool ClaimActionLink(string key, string leadId, string repId, string action, DateTimeOffset at) =>
        Execute(ClaimActionLinkSql, key, leadId, repId, action, at) == 1;

    /// <summary>Marks a nudge as sent: true when this call marked it, false when some sweep did before (it is not sent again).</summary>
    public bool ClaimNudge(string leadId, string nudge, DateTimeOffset at) => Execute(ClaimNudgeSql, leadId, nudge, at) == 1;

    /// <summary>Cancels a booked meeting of the lead (issue 20): true when this call cancelled it, false when it was not booked (any more).</summary>
    public bool CancelMeeting(string meetingId, string leadId, DateTimeOffset at) => Execute(
        "UPDATE \"Meetings\" SET \"Status\" = 'Cancelled', \"CancelledAt\" = @p2 WHERE \"Id\" = @p0 AND \"LeadId\" = @p1 AND \"Status\" = 'Booked'",
        meetingId, leadId, at) == 1;

    public void InsertLead(LeadEntity l) => Execute(InsertLeadSql,
        l.Id, l.ExternalId, l.Email, l.FirstName, l.LastName, l.Title, l.Company, l.CompanyDomain, l.Employees,
        l.Industry, l.Country, JsonSerializer.Serialize(l.TechStack), l.Source, l.EstimatedDealSize, l.Referral, l.ReceivedAt, l.Stage, l.Intent,
        l.Fit, l.FitScore, l.Action, l.Tier, l.SegmentId, l.TeamId, l.OwnerId, l.SlaPolicy, l.RespondBy, l.EscalateAt,
        l.QueuePriority, l.CreatedAt, l.UpdatedAt, l.Version, l.AssignedAt, l.AcceptedAt, l.FirstTouchAt, l.ResponseStatus,
        l.EscalatedAt, l.Reassignments, JsonSerializer.Serialize(l.PassedOnBy), l.ClosedAt, l.ResponseClockFrom, l.AssignedBy, l.AssignmentReason,
        l.LapsedAt, l.LapsedStage, l.LapsedOwnerId, l.AccountDomain, l.PersonKey, l.PossibleDuplicateOf);

    /// <summary>
    /// Writes the lead's routing, stage and clock columns, conditionally on the version read: a lead changed by someone
    /// else since is not overwritten (<see cref="ConcurrentRoutingException"/>, the item runs again). Bumps the version.
    /// </summary>
    public void UpdateLead(LeadEntity l)
    {
        // In the order of WrittenColumns.LeadUpdated, then the key and the version read.
        var updated = Execute(
            UpdateLeadSql,
            l.Stage, l.Intent, l.Fit, l.FitScore, l.Action, l.Tier, l.SegmentId, l.TeamId, l.OwnerId, l.SlaPolicy, l.RespondBy, l.EscalateAt,
            l.QueuePriority, l.UpdatedAt, l.AssignedAt, l.AcceptedAt, l.FirstTouchAt, l.ResponseStatus, l.EscalatedAt, l.Reassignments,
            JsonSerializer.Serialize(l.PassedOnBy), l.ClosedAt, l.ResponseClockFrom, l.AssignedBy, l.AssignmentReason,
            l.LapsedAt, l.LapsedStage, l.LapsedOwnerId, l.Id, l.Version);
        if (updated != 1)
        {
            throw new ConcurrentRoutingException($"lead {l.Id}");
        }

        l.Version++;
    }

    /// <summary>
    /// Erases the person from a lead (GDPR Art. 17, <c>Privacy/PersonalDataEraser</c>): the email becomes
    /// <paramref name="placeholderEmail"/>, the names, title, company and CRM id go, the manager's reason becomes
    /// <paramref name="assignmentReason"/> (scrubbed by the caller); routing, stage and clocks stay, so the lead still
    /// counts. Bumps the version, so a write that read the lead before runs again on the erased row. A lead already
    /// erased is left alone (answers 0).
    /// </summary>
    public int EraseContact(string leadId, string placeholderEmail, string? assignmentReason, DateTimeOffset erasedAt)
    {
        // SQLite keeps a rewritten row's old bytes in the page's free space: zero them for this statement (the row and its
        // index entries), and only for it, since the hot path gains nothing from the extra writes.
        var sqlite = _connection is SqliteConnection;
        if (sqlite)
        {
            Execute("PRAGMA secure_delete = ON");
        }

        try
        {
            return Execute(
                "UPDATE \"Leads\" SET \"Email\" = @p0, \"ExternalId\" = NULL, \"FirstName\" = NULL, \"LastName\" = NULL, \"PersonKey\" = NULL, \"Title\" = NULL, " +
                "\"Company\" = NULL, \"AssignmentReason\" = @p1, \"ErasedAt\" = @p2, \"Version\" = \"Version\" + 1 " +
                "WHERE \"Id\" = @p3 AND \"ErasedAt\" IS NULL",
                placeholderEmail, assignmentReason, erasedAt, leadId);
        }
        finally
        {
            if (sqlite)
            {
                Execute("PRAGMA secure_delete = OFF");
            }
        }
    }

    /// <summary>The lead's open next step moves on: it is cancelled (the lead left its owner) or done (first touch).</summary>
    public void CloseOpenTasks(string leadId, DateTimeOffset now, bool completed) => Execute(
        completed
            ? "UPDATE \"LeadTasks\" SET \"CompletedAt\" = @p1 WHERE \"LeadId\" = @p0 AND \"CompletedAt\" IS NULL AND \"CancelledAt\" IS NULL"
            : "UPDATE \"LeadTasks\" SET \"CancelledAt\" = @p1 WHERE \"LeadId\" = @p0 AND \"CompletedAt\" IS NULL AND \"CancelledAt\" IS NULL",
        leadId, now);

    public void InsertTask(LeadTaskEntity t)
    {
        if (KeepsRecords)
        {
            Execute(InsertTaskSql, t.LeadId, t.RepId, t.Title, t.DueAt, t.CreatedAt);
        }
    }

    public void InsertTouch(TouchEntity t) => Execute(
        WrittenColumns.Insert("Touches", WrittenColumns.Touch),
        t.LeadId, t.RepId, t.Kind, t.At, t.Note);

    /// <summary>One open lead less on the rep (never below zero).</summary>
    public void RemoveOpenLead(string repId) => Execute(
        "UPDATE \"RepStates\" SET \"OpenLeads\" = CASE WHEN \"OpenLeads\" > 0 THEN \"OpenLeads\" - 1 ELSE 0 END WHERE \"RepId\" = @p0",
        repId);

    public void InsertSignals(string leadId, IEnumerable<Signal> signals)
    {
        foreach (var signal in signals)
        {
            Execute(InsertSignalSql, leadId, signal.Type, signal.At);
        }
    }

    public void InsertDecision(RoutingDecisionEntity d)
    {
        if (KeepsRecords)
        {
            Execute(
                InsertDecisionSql,
                d.LeadId, d.DecidedAt, d.ConfigurationVersion, d.Reason, d.Status, d.Intent, d.FitScore, d.Fit, d.Action, d.Tier, d.SegmentId,
                d.Segment, d.TeamId, d.Team, d.OwnerId, d.OwnerName, d.Distribution, d.SlaPolicy, d.RespondBy, d.EscalateAt, d.TraceJson, d.TraceData);
        }
    }

    public void InsertAuditEvent(AuditEventEntity e)
    {
        if (KeepsRecords)
        {
            Execute(InsertAuditEventSql, e.LeadId, e.At, e.Actor, e.Type, e.Detail);
        }
    }

    public void InsertOutbox(DateTimeOffset createdAt, string type, string payload)
    {
        if (KeepsRecords)
        {
            Execute(InsertOutboxSql, createdAt, type, payload, 0);
        }
    }

    /// <summary>One more open lead on the rep (a rep without a state row gets one).</summary>
    public void AddOpenLead(string repId)
    {
        if (Execute("UPDATE \"RepStates\" SET \"OpenLeads\" = \"OpenLeads\" + 1 WHERE \"RepId\" = @p0", repId) == 0)
        {
            Execute(InsertRepStateSql, repId, Availability.Available, 1);
        }
    }

    /// <summary>Records the claim of an enterprise account for its first owner, unless someone claimed it first.</summary>
    public void ClaimAccount(AccountClaim claim, DateTimeOffset now) => Execute(
        WrittenColumns.Insert("Accounts", WrittenColumns.Account, " ON CONFLICT DO NOTHING"),
        claim.Domain, claim.Company ?? claim.Domain, claim.OwnerId.Value, true, false, now);

    /// <summary>
    /// Moves a round-robin pool by conditional updates on the values routing read, so a pool moved by another writer
    /// in between is detected (<see cref="ConcurrentRoutingException"/>) instead of picking the same rep twice.
    /// </summary>
    public void MoveRoundRobin(RoundRobinAdvance move)
    {
        var rep = move.RepId.Value;
        // The credit is part of the condition: a manager's adjustment in between is detected, not overwritten. The count
        // of leads taken moves with the pass (only a pick or a ledger reset moves either).
        var passMoved = move.ExpectedPass is { } expectedPass
            ? Execute("UPDATE \"RoundRobinPasses\" SET \"Pass\" = @p0, \"Credit\" = @p1, \"Taken\" = @p2 WHERE \"PoolKey\" = @p3 AND \"RepId\" = @p4 AND \"Pass\" = @p5 AND \"Credit\" = @p6",
                move.NewPass, move.NewCredit, move.NewTaken, move.PoolKey, rep, expectedPass, move.ExpectedCredit)
            : Execute(InsertPassSql,
                move.PoolKey, rep, move.NewPass, move.NewCredit, move.NewTaken);
        // The accrual is part of the pool's condition: every pick moves it, also one that leaves the virtual time where it
        // is, so two writers picking in one pool at once cannot both succeed (catch-up's count would lose a lead).
        var poolMoved = Execute("UPDATE \"RoundRobinPools\" SET \"VirtualTime\" = @p0, \"Accrued\" = @p1 WHERE \"PoolKey\" = @p2 AND \"VirtualTime\" = @p3 AND \"Accrued\" = @p4",
            move.NewVirtualTime, move.NewAccrued, move.PoolKey, move.ExpectedVirtualTime, move.ExpectedAccrued);
        if (poolMoved == 0 && move.ExpectedVirtualTime == 0 && move.ExpectedAccrued == 0)
        {
            poolMoved = Execute(InsertPoolSql,
                move.PoolKey, move.NewVirtualTime, move.NewAccrued);
        }

        if (passMoved != 1 || poolMoved != 1)
        {
            throw new ConcurrentRoutingException($"round-robin pool {move.PoolKey}");
        }
    }

    /// <summary>Sets a pool's make-up policy (<see cref="Routing.FairShareService"/>), audited.</summary>
    public void SetPoolMakeUp(string poolKey, MakeUpPolicy policy, DateTimeOffset now, string actor)
    {
        Execute("INSERT INTO \"PoolSettings\" (\"PoolKey\", \"MakeUp\", \"LedgerResetAt\", \"UpdatedAt\", \"UpdatedBy\") VALUES (@p0, @p1, NULL, @p2, @p3) " +
            "ON CONFLICT (\"PoolKey\") DO UPDATE SET \"MakeUp\" = excluded.\"MakeUp\", \"UpdatedAt\" = excluded.\"UpdatedAt\", \"UpdatedBy\" = excluded.\"UpdatedBy\"",
            poolKey, policy, now, actor);
        _makeUp.Remove(poolKey);
        Execute(InsertAuditEventSql, null, now, actor, Routing.FairShareService.MakeUpChangedAuditType, $"{poolKey}: make-up {policy}.");
    }

    /// <summary>
    /// A manager's adjustment of a rep's share (<see cref="RoundRobinPointers.Adjust"/> on the stored pool): a credit
    /// adds owed share, a debit moves the pass forward; a rep without a pass gets one at the pool's virtual time first.
    /// Recorded for the ledger and audited.
    /// </summary>
    public void AdjustShare(ShareAdjustmentEntity adjustment, int weight, int poolWeight)
    {
        var pool = adjustment.PoolKey;
        var amount = WeightedRoundRobin.AdjustmentFor(adjustment.Leads, weight, poolWeight);
        var virtualTime = FindPoolVirtualTime(pool) ?? 0;
        var stored = PassesOf(pool).TryGetValue(adjustment.RepId, out var current) ? current : (StoredPass?)null;
        var (pass, credit) = stored is { } known ? (known.Pass, known.Credit) : (virtualTime, 0L);
        if (adjustment.Leads >= 0)
        {
            credit += amount;
        }
        else
        {
            pass += amount;
        }

        if (stored is null)
        {
            Execute(InsertPassSql, pool, adjustment.RepId, pass, credit, null);
        }
        else
        {
            Execute("UPDATE \"RoundRobinPasses\" SET \"Pass\" = @p0, \"Credit\" = @p1 WHERE \"PoolKey\" = @p2 AND \"RepId\" = @p3",
                pass, credit, pool, adjustment.RepId);
        }

        Execute("INSERT INTO \"ShareAdjustments\" (\"PoolKey\", \"RepId\", \"Leads\", \"Reason\", \"Actor\", \"At\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5)",
            pool, adjustment.RepId, adjustment.Leads, adjustment.Reason, adjustment.Actor, adjustment.At);
        Execute(InsertAuditEventSql, null, adjustment.At, adjustment.Actor, Routing.FairShareService.AdjustedAuditType,
            $"{pool}: {adjustment.RepId} {adjustment.Leads:+0;-0} lead(s): {adjustment.Reason}");
    }

    /// <summary>
    /// Starts a pool's ledger afresh: every pass at the virtual time, credits dropped, catch-up's counts forgotten (each
    /// rep's count starts again at its share with its next pick, as the ledger counts from the reset); audited.
    /// </summary>
    public void ResetPool(string poolKey, DateTimeOffset now, string actor)
    {
        var virtualTime = FindPoolVirtualTime(poolKey) ?? 0;
        Execute("UPDATE \"RoundRobinPasses\" SET \"Pass\" = @p0, \"Credit\" = 0, \"Taken\" = NULL WHERE \"PoolKey\" = @p1", virtualTime, poolKey);
        Execute("INSERT INTO \"PoolSettings\" (\"PoolKey\", \"MakeUp\", \"LedgerResetAt\", \"UpdatedAt\", \"UpdatedBy\") VALUES (@p0, @p1, @p2, @p2, @p3) " +
            "ON CONFLICT (\"PoolKey\") DO UPDATE SET \"LedgerResetAt\" = excluded.\"LedgerResetAt\", \"UpdatedAt\" = excluded.\"UpdatedAt\", \"UpdatedBy\" = excluded.\"UpdatedBy\"",
            poolKey, MakeUpPolicy.None, now, actor);
        Execute(InsertAuditEventSql, null, now, actor, Routing.FairShareService.ResetAuditType, $"{poolKey}: ledger reset.");
    }

    /// <summary>Records the pick of a pool for the fair-share ledger, with the roster routing saw.</summary>
    public void InsertPoolPick(RoundRobinAdvance move, string leadId, DateTimeOffset at) => Execute(InsertPoolPickSql,
        move.PoolKey, leadId, move.RepId.Value, at, move.Rotation ?? "");

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        foreach (var (statement, _) in _statements.Values)
        {
            statement.Dispose();
        }

        _commands.Clear();
        _statements.Clear();
    }

    private static LeadEntity ReadLead(Row r) => new()
    {
        Id = r.GetString(0),
        ExternalId = Text(r, 1),
        Email = r.GetString(2),
        FirstName = Text(r, 3),
        LastName = Text(r, 4),
        Title = Text(r, 5),
        Company = Text(r, 6),
        CompanyDomain = Text(r, 7),
        Employees = r.IsDBNull(8) ? null : r.GetInt32(8),
        Industry = Text(r, 9),
        Country = Text(r, 10),
        TechStack = JsonSerializer.Deserialize<List<string>>(r.GetString(11)) ?? [],
        Source = Enum.Parse<SignalType>(r.GetString(12)),
        EstimatedDealSize = r.IsDBNull(13) ? null : r.GetDecimal(13),
        Referral = Enum.Parse<Referral>(r.GetString(14)),
        ReceivedAt = Instant(r, 15),
        Stage = Enum.Parse<LeadStage>(r.GetString(16)),
        Intent = Enum.Parse<Intent>(r.GetString(17)),
        Fit = Enum.Parse<Fit>(r.GetString(18)),
        FitScore = r.GetInt32(19),
        Action = Enum.Parse<TreatmentAction>(r.GetString(20)),
        Tier = Enum.Parse<DealTier>(r.GetString(21)),
        SegmentId = Text(r, 22),
        TeamId = Text(r, 23),
        OwnerId = Text(r, 24),
        SlaPolicy = Text(r, 25),
        RespondBy = r.IsDBNull(26) ? null : Instant(r, 26),
        EscalateAt = r.IsDBNull(27) ? null : Instant(r, 27),
        QueuePriority = r.GetInt32(28),
        CreatedAt = Instant(r, 29),
        UpdatedAt = Instant(r, 30),
        Version = r.GetInt32(31),
        AssignedAt = r.IsDBNull(32) ? null : Instant(r, 32),
        AcceptedAt = r.IsDBNull(33) ? null : Instant(r, 33),
        FirstTouchAt = r.IsDBNull(34) ? null : Instant(r, 34),
        ResponseStatus = Enum.Parse<ResponseStatus>(r.GetString(35)),
        EscalatedAt = r.IsDBNull(36) ? null : Instant(r, 36),
        Reassignments = r.GetInt32(37),
        PassedOnBy = JsonSerializer.Deserialize<List<string>>(r.GetString(38)) ?? [],
        ClosedAt = r.IsDBNull(39) ? null : Instant(r, 39),
        ResponseClockFrom = r.IsDBNull(40) ? null : Instant(r, 40),
        AssignedBy = Text(r, 41),
        AssignmentReason = Text(r, 42),
        LapsedAt = r.IsDBNull(43) ? null : Instant(r, 43),
        LapsedStage = r.IsDBNull(44) ? null : Enum.Parse<LeadStage>(r.GetString(44)),
        LapsedOwnerId = Text(r, 45),
        AccountDomain = Text(r, 46),
        PersonKey = Text(r, 47),
        PossibleDuplicateOf = Text(r, 48),
    };

    private static ExistingLead ReadExisting(Row r) => new()
    {
        Id = new Core.LeadId(r.GetString(0)),
        Email = r.GetString(1),
        CompanyDomain = Text(r, 2),
        OwnerId = r.IsDBNull(3) ? null : new Core.RepId(r.GetString(3)),
        Stage = Enum.Parse<LeadStage>(r.GetString(4)),
        ReceivedAt = Instant(r, 5),
        Action = Enum.Parse<TreatmentAction>(r.GetString(6)),
    };

    private static string? Text(Row r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static DateTimeOffset Instant(Row r, int ordinal) => new(r.GetInt64(ordinal), TimeSpan.Zero);

    /// <summary>
    /// Runs a statement that returns no rows and answers the rows it changed. On SQLite every statement of the session
    /// is prepared once as a native statement and its parameters bound by position (<see cref="Bound"/>):
    /// Microsoft.Data.Sqlite looks every parameter up by name on every execution, which was the largest single cost of
    /// an insert (issue 3 profile). Values are bound as Microsoft.Data.Sqlite would bind them, so EF reads them back
    /// unchanged; on other providers the session uses plain ADO.NET commands.
    /// </summary>
    private int Execute(string sql, params object?[] values)
    {
        Statements++;
        if (_connection is not SqliteConnection { Handle: { } database })
        {
            return Prepare(sql, values).ExecuteNonQuery();
        }

        var statement = Bound(database, sql, values);
        try
        {
            var result = raw.sqlite3_step(statement);
            if (result != raw.SQLITE_DONE && result != raw.SQLITE_ROW)
            {
                Check(database, result);
            }

            return raw.sqlite3_changes(database);
        }
        finally
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
        }
    }

    private T? QuerySingle<T>(string sql, Func<Row, T> map, params object?[] values)
        where T : class =>
        Query(sql, map, 1, values).FirstOrDefault();

    private List<T> Query<T>(string sql, Func<Row, T> map, params object?[] values) => Query(sql, map, int.MaxValue, values);

    private List<T> Query<T>(string sql, Func<Row, T> map, int max, object?[] values)
    {
        Statements++;
        var rows = new List<T>();
        if (_connection is SqliteConnection { Handle: { } database })
        {
            var statement = Bound(database, sql, values);
            try
            {
                var row = new Row(statement);
                while (rows.Count < max)
                {
                    var result = raw.sqlite3_step(statement);
                    if (result == raw.SQLITE_DONE)
                    {
                        break;
                    }

                    if (result != raw.SQLITE_ROW)
                    {
                        Check(database, result);
                    }

                    rows.Add(map(row));
                }
            }
            finally
            {
                raw.sqlite3_reset(statement);
                raw.sqlite3_clear_bindings(statement);
            }

            return rows;
        }

        using var reader = Prepare(sql, values).ExecuteReader();
        var adoRow = new Row(reader);
        while (rows.Count < max && reader.Read())
        {
            rows.Add(map(adoRow));
        }

        return rows;
    }

    /// <summary>The native statement for <paramref name="sql"/>, prepared on first use, with @p0… bound to <paramref name="values"/>.</summary>
    private sqlite3_stmt Bound(sqlite3 database, string sql, object?[] values)
    {
        if (!_statements.TryGetValue(sql, out var prepared))
        {
            Check(database, raw.sqlite3_prepare_v2(database, sql, out var native));
            // SQLite numbers named parameters in order of first appearance; @p0… map to those positions once.
            var positions = Enumerable.Range(0, values.Length).Select(i => raw.sqlite3_bind_parameter_index(native, $"@p{i}")).ToArray();
            if (positions.Any(position => position == 0))
            {
                native.Dispose();
                throw new InvalidOperationException($"The statement does not use every parameter @p0…@p{values.Length - 1}: {sql}");
            }

            prepared = (native, positions);
            _statements[sql] = prepared;
        }

        var (statement, indexes) = prepared;
        for (var i = 0; i < values.Length; i++)
        {
            Check(database, Bind(statement, indexes[i], ToDatabase(values[i])));
        }

        return statement;
    }

    private static int Bind(sqlite3_stmt statement, int index, object value) => value switch
    {
        DBNull => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        // Microsoft.Data.Sqlite's (and so EF Core's) text form of a decimal.
        decimal number => raw.sqlite3_bind_text(statement, index, number.ToString("0.0###########################", CultureInfo.InvariantCulture)),
        _ => throw new NotSupportedException($"No SQLite binding for {value.GetType()}."),
    };

    private static void Check(sqlite3 database, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(database).utf8_to_string(), result, raw.sqlite3_extended_errcode(database));
        }
    }

    /// <summary>The current row of a query, read the same way from a native SQLite statement or an ADO.NET reader.</summary>
    private sealed class Row
    {
        private readonly sqlite3_stmt? _statement;
        private readonly DbDataReader? _reader;

        public Row(sqlite3_stmt statement) => _statement = statement;

        public Row(DbDataReader reader) => _reader = reader;

        public bool IsDBNull(int ordinal) => _reader?.IsDBNull(ordinal) ?? raw.sqlite3_column_type(_statement, ordinal) == raw.SQLITE_NULL;

        public string GetString(int ordinal) => _reader?.GetString(ordinal) ?? raw.sqlite3_column_text(_statement, ordinal).utf8_to_string();

        public long GetInt64(int ordinal) => _reader?.GetInt64(ordinal) ?? raw.sqlite3_column_int64(_statement, ordinal);

        public int GetInt32(int ordinal) => _reader?.GetInt32(ordinal) ?? checked((int)GetInt64(ordinal));

        public bool GetBoolean(int ordinal) => _reader?.GetBoolean(ordinal) ?? GetInt64(ordinal) != 0;

        public decimal GetDecimal(int ordinal) => _reader?.GetDecimal(ordinal)
            ?? decimal.Parse(GetString(ordinal), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
    }

    /// <summary>The command for <paramref name="sql"/>, created and prepared on first use, with @p0… bound to <paramref name="values"/>.</summary>
    private DbCommand Prepare(string sql, object?[] values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{i}";
                command.Parameters.Add(parameter);
            }

            _commands[sql] = command;
        }

        command.Transaction = _transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = ToDatabase(values[i]);
        }

        return command;
    }

    /// <summary>The column value EF Core would write for <paramref name="value"/> (see <c>LeadRoutingDbContext.ConfigureConventions</c>).</summary>
    private static object ToDatabase(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset instant => instant.UtcTicks,
        Enum member => member.ToString(),
        _ => value,
    };
}
