namespace LeadRouting.Web.Leads;

/// <summary>
/// The columns <see cref="WriteSession"/>'s statements write, table by table, in the order its methods bind values.
/// The writer's SQL is typed by hand for speed; these lists are what keeps it honest: a test compares them with the EF
/// model of both providers, so a column added to an entity and not written here — or a mutable lead column left out of
/// <see cref="LeadUpdated"/> — fails the build's tests instead of being silently lost.
/// </summary>
internal static class WrittenColumns
{
    /// <summary>Every column of a new lead (<see cref="WriteSession.InsertLead"/>; also what <c>FindLead</c> reads).</summary>
    public static readonly string[] Lead =
    [
        "Id", "ExternalId", "Email", "FirstName", "LastName", "Title", "Company", "CompanyDomain", "Employees",
        "Industry", "Country", "TechStack", "Source", "EstimatedDealSize", "Referral", "ReceivedAt", "Stage", "Intent",
        "Fit", "FitScore", "Action", "Tier", "SegmentId", "TeamId", "OwnerId", "SlaPolicy", "RespondBy", "EscalateAt",
        "QueuePriority", "CreatedAt", "UpdatedAt", "Version", "AssignedAt", "AcceptedAt", "FirstTouchAt", "ResponseStatus",
        "EscalatedAt", "Reassignments", "PassedOnBy", "ClosedAt", "ResponseClockFrom", "AssignedBy", "AssignmentReason",
        "LapsedAt", "LapsedStage", "LapsedOwnerId", "AccountDomain", "PersonKey", "PossibleDuplicateOf",
    ];

    /// <summary>The lead columns <see cref="WriteSession.UpdateLead"/> sets (besides bumping <c>Version</c>).</summary>
    public static readonly string[] LeadUpdated =
    [
        "Stage", "Intent", "Fit", "FitScore", "Action", "Tier", "SegmentId", "TeamId", "OwnerId", "SlaPolicy", "RespondBy", "EscalateAt",
        "QueuePriority", "UpdatedAt", "AssignedAt", "AcceptedAt", "FirstTouchAt", "ResponseStatus", "EscalatedAt", "Reassignments",
        "PassedOnBy", "ClosedAt", "ResponseClockFrom", "AssignedBy", "AssignmentReason", "LapsedAt", "LapsedStage", "LapsedOwnerId",
    ];

    /// <summary>
    /// Lead columns the writer never changes after the insert: the key, the version (bumped, not set), and what the
    /// submission said — a merge appends signals to the open lead but keeps the first submission's person and company —
    /// and what its first routing found of the same person (issue 19: the matched account, the person key, the possible
    /// duplicate). Only a GDPR erasure (<see cref="WriteSession.EraseContact"/>) clears the person and sets <c>ErasedAt</c>.
    /// </summary>
    public static readonly string[] LeadNeverUpdated =
    [
        "Id", "Version", "ExternalId", "Email", "FirstName", "LastName", "Title", "Company", "CompanyDomain", "Employees", "Industry",
        "Country", "TechStack", "Source", "EstimatedDealSize", "Referral", "ReceivedAt", "CreatedAt", "ErasedAt",
        "AccountDomain", "PersonKey", "PossibleDuplicateOf",
    ];

    public static readonly string[] Task = ["LeadId", "RepId", "Title", "DueAt", "CreatedAt"];

    public static readonly string[] Touch = ["LeadId", "RepId", "Kind", "At", "Note"];

    public static readonly string[] Signal = ["LeadId", "Type", "At"];

    public static readonly string[] Decision =
    [
        "LeadId", "DecidedAt", "ConfigurationVersion", "Reason", "Status", "Intent", "FitScore", "Fit", "Action", "Tier", "SegmentId",
        "Segment", "TeamId", "Team", "OwnerId", "OwnerName", "Distribution", "SlaPolicy", "RespondBy", "EscalateAt", "TraceJson", "TraceData",
    ];

    public static readonly string[] ActionLinkUse = ["Key", "LeadId", "RepId", "Action", "UsedAt"];

    public static readonly string[] LeadNudge = ["LeadId", "Nudge", "SentAt"];

    public static readonly string[] AuditEvent = ["LeadId", "At", "Actor", "Type", "Detail"];

    public static readonly string[] Outbox = ["CreatedAt", "Type", "Payload", "Attempts"];

    public static readonly string[] RepState = ["RepId", "Availability", "OpenLeads"];

    public static readonly string[] Account = ["Domain", "Name", "OwnerId", "IsNamedAccount", "IsCustomer", "CreatedAt"];

    public static readonly string[] RoundRobinPass = ["PoolKey", "RepId", "Pass", "Credit", "Taken"];

    public static readonly string[] PoolPick = ["PoolKey", "LeadId", "RepId", "At", "Rotation"];

    public static readonly string[] RoundRobinPool = ["PoolKey", "VirtualTime", "Accrued"];

    /// <summary>
    /// Per table the writer inserts into: the columns it writes, and the columns it leaves to the database or to others
    /// on purpose (generated keys, columns other code fills later). Together they must be the table's mapped columns.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string[] Written, string[] LeftOut)> ByTable = new Dictionary<string, (string[], string[])>
    {
        // Set only by a GDPR erasure (WriteSession.EraseContact); a new lead is not erased.
        ["Leads"] = (Lead, ["ErasedAt"]),
        ["LeadTasks"] = (Task, ["Id", "CompletedAt", "CancelledAt"]),
        ["Touches"] = (Touch, ["Id"]),
        ["Signals"] = (Signal, ["Id"]),
        ["RoutingDecisions"] = (Decision, ["Id"]),
        ["AuditEvents"] = (AuditEvent, ["Id"]),
        // Claimed, delivered and finished by the outbox dispatcher.
        ["Outbox"] = (Outbox, ["Id", "ProcessedAt", "LastError", "NextAttemptAt"]),
        // Availability changes come from the availability service, not from routing.
        ["RepStates"] = (RepState, ["OutOfOfficeUntil"]),
        // A claim knows no firmographics; they come from the account import and form.
        ["Accounts"] = (Account, ["Industry", "Employees", "Country", "ParentAccount"]),
        ["RoundRobinPasses"] = (RoundRobinPass, []),
        ["RoundRobinPools"] = (RoundRobinPool, []),
        ["ActionLinkUses"] = (ActionLinkUse, []),
        ["LeadNudges"] = (LeadNudge, []),
        ["PoolPicks"] = (PoolPick, ["Id"]),
    };

    /// <summary><c>"A", "B", …</c> for a SELECT or an INSERT.</summary>
    public static string List(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"\"{c}\""));

    /// <summary>An INSERT of <paramref name="columns"/> with the parameters <c>@p0…</c> in the same order.</summary>
    public static string Insert(string table, string[] columns, string? suffix = null) =>
        $"INSERT INTO \"{table}\" ({List(columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))}){suffix}";
}
