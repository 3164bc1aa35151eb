using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;

namespace LeadRouting.Core.Configuration;

/// <summary>
/// The whole routing configuration as one versioned document: the policy tables of DESIGN.md and the
/// organisation they route into. Ops edit it as a draft and publish it as a new version.
/// </summary>
public sealed record RoutingConfiguration
{
    /// <summary>The document format this code reads and writes.</summary>
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required RoutingPolicy Policy { get; init; }
    public Organisation Organisation { get; init; } = new();
}

/// <summary>The policy tables of DESIGN.md §1–§6 and the SLA policies.</summary>
public sealed record RoutingPolicy
{
    public required IntakePolicy Intake { get; init; }
    public required DedupPolicy Dedup { get; init; }
    public required IntentPolicy Intent { get; init; }
    public required FitPolicy Fit { get; init; }
    public required IReadOnlyList<MatrixRow> Matrix { get; init; }

    /// <summary>A <see cref="TreatmentAction.NurtureOrDisqualify"/> lead whose fit score is below this is disqualified.</summary>
    public required int DisqualifyBelowFitScore { get; init; }

    public required IReadOnlyList<TierRule> Tiers { get; init; }

    /// <summary>
    /// The organisation's currency (ISO 4217): tier bounds and every lead's <c>estimatedDealSize</c> are amounts in it.
    /// A document written before the setting existed reads as EUR, the currency those documents assumed.
    /// </summary>
    public string Currency { get; init; } = CurrencyCodes.Default;

    /// <summary>The rep levels that work SDR actions (qualify / fast track).</summary>
    public required IReadOnlyList<RepLevel> SdrLevels { get; init; }

    public required IReadOnlyList<SlaPolicy> SlaPolicies { get; init; }

    /// <summary>
    /// Where a lead goes when its first choice (the account owner, else the segment's pool) cannot take it, in order;
    /// Unassigned after the last step. A document written before the chain existed reads with
    /// <see cref="FallbackChain.Default"/>, so every stored version still loads.
    /// </summary>
    public IReadOnlyList<FallbackStep> Fallback { get; init; } = FallbackChain.Default;

    /// <summary>When a match by company name or parent domain counts (issue 19); documents without it read the defaults.</summary>
    public Routing.Matching.AccountMatchingPolicy AccountMatching { get; init; } = Routing.Matching.AccountMatchingPolicy.Default;

    /// <summary>Instant booking after the form (issue 20): slots, buffers, notice, bookable treatments; documents without it read the defaults.</summary>
    public Booking.BookingPolicy Booking { get; init; } = LeadRouting.Core.Booking.BookingPolicy.Default;
}

public sealed record IntakePolicy
{
    /// <summary>Email domains that say nothing about the company (gmail.com, gmx.de, …).</summary>
    public required IReadOnlyList<string> FreeMailDomains { get; init; }
}

public sealed record DedupPolicy
{
    /// <summary>An open lead with the same email received within this many days absorbs a new submission.</summary>
    public required int SameEmailWindowDays { get; init; }
}

public sealed record IntentPolicy
{
    /// <summary>Signals older than this many days (inclusive bound) no longer count.</summary>
    public required int SignalWindowDays { get; init; }

    /// <summary>Rules are checked from the highest intent down; the first that holds decides.</summary>
    public required IReadOnlyList<IntentRule> Rules { get; init; }

    /// <summary>The intent when no rule holds.</summary>
    public Intent Default { get; init; } = Routing.Intent.Low;
}

/// <summary><c>MinCount</c> or more signals of <c>Signal</c> in the window → <c>Intent</c>.</summary>
public sealed record IntentRule(Intent Intent, SignalType Signal, int MinCount = 1);

public sealed record FitPolicy
{
    /// <summary>Scores at or above this are Strong fit.</summary>
    public required int StrongThreshold { get; init; }

    /// <summary>Points by company size; the band with the highest <c>MinEmployees</c> that applies wins.</summary>
    public required IReadOnlyList<EmployeeBand> EmployeeBands { get; init; }

    public required FitCriterion Industries { get; init; }
    public required FitCriterion TechStack { get; init; }
    public required FitCriterion Countries { get; init; }
}

public sealed record EmployeeBand(int MinEmployees, int Points);

/// <summary>Award <c>Points</c> when the lead's value (or one of its values) is in <c>Values</c>.</summary>
public sealed record FitCriterion(int Points, IReadOnlyList<string> Values);

public sealed record MatrixRow
{
    public required Intent Intent { get; init; }
    public required Fit Fit { get; init; }
    public required TreatmentAction Action { get; init; }

    /// <summary>Immediate actions only go to reps inside their working hours right now.</summary>
    public bool Immediate { get; init; }

    /// <summary>When set, the lead's SLA is at most this policy's (SdrFastTrack: the High-intent MQL SLA).</summary>
    public string? SlaCap { get; init; }

    /// <summary>Queue position for the rep: fast-track leads go to the top of the SDR queue.</summary>
    public int QueuePriority { get; init; }
}

/// <summary>
/// A deal tier (DESIGN.md §6). Tiers are ordered by size; a deal belongs to the first tier whose
/// upper bound it does not exceed. Without a deal size the tier is estimated from employees.
/// </summary>
public sealed record TierRule
{
    public required DealTier Tier { get; init; }

    /// <summary>Upper bound in the organisation's currency (<see cref="RoutingPolicy.Currency"/>); null for the open-ended top tier.</summary>
    public decimal? UpTo { get; init; }

    /// <summary>Whether a deal of exactly <see cref="UpTo"/> still belongs to this tier.</summary>
    public bool UpToInclusive { get; init; }

    /// <summary>Companies with at least this many employees are estimated to be in this tier or above.</summary>
    public required int MinEmployeesForEstimate { get; init; }

    /// <summary>The rep levels this tier is routed to, in order of preference.</summary>
    public required IReadOnlyList<RepLevel> RepLevels { get; init; }

    /// <summary>Levels tried when nobody of <see cref="RepLevels"/> qualifies (Small: "Junior AE (or SDR)").</summary>
    public IReadOnlyList<RepLevel> FallbackLevels { get; init; } = [];

    public required PoolDistribution Distribution { get; init; }
}

/// <summary>An SLA policy row (DESIGN.md "SLA clocks"): which sources it covers, its targets and its clock.</summary>
public sealed record SlaPolicy
{
    public required string Name { get; init; }
    public required IReadOnlyList<SignalType> Sources { get; init; }
    public required SlaDuration ResponseTarget { get; init; }
    public required SlaDuration EscalationTrigger { get; init; }
    public SlaClockMode Clock { get; init; } = SlaClockMode.BusinessHours;
}

/// <summary>Regions, calendars, teams, reps and segments: who leads are routed to.</summary>
public sealed record Organisation
{
    public IReadOnlyList<Region> Regions { get; init; } = [];
    public IReadOnlyList<CalendarDefinition> Calendars { get; init; } = [];
    public IReadOnlyList<Team> Teams { get; init; } = [];
    public IReadOnlyList<Rep> Reps { get; init; } = [];
    public IReadOnlyList<Segment> Segments { get; init; } = [];
}

public sealed record Region
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string> Countries { get; init; } = [];
    public string? ManagerName { get; init; }
    public string? ManagerEmail { get; init; }
}

/// <summary>A working calendar: a time zone, weekly hours and holidays.</summary>
public sealed record CalendarDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }

    /// <summary>IANA time zone id, e.g. Europe/Berlin.</summary>
    public required string TimeZone { get; init; }

    public required IReadOnlyList<WorkingHours> Hours { get; init; }
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];
}

/// <summary>On each of <c>Days</c>, working time from <c>Start</c> to <c>End</c> (local time, End after Start; 24:00 as 23:59:59 is not needed: use End = 00:00 for midnight).</summary>
public sealed record WorkingHours(IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End);

public sealed record Team
{
    public required TeamId Id { get; init; }
    public required string Name { get; init; }
    public required string Region { get; init; }
    public required string CalendarId { get; init; }
    public string? ManagerName { get; init; }
    public string? ManagerEmail { get; init; }

    /// <summary>Reps (of any team) who take this team's leads when none of its own reps qualifies.</summary>
    public IReadOnlyList<RepId> BackupPool { get; init; } = [];

    /// <summary>
    /// The share of first responses the team commits to answer within their response target, in percent (1–100); the
    /// board's headline figures are green at or above it. Absent: <see cref="DefaultSlaTargetPercent"/>.
    /// </summary>
    public int? SlaTargetPercent { get; init; }

    public const int DefaultSlaTargetPercent = 90;

    /// <summary>The team's target as a share (0.9 for 90 %).</summary>
    public double SlaTargetShare => (SlaTargetPercent ?? DefaultSlaTargetPercent) / 100.0;
}

public sealed record Rep
{
    public required RepId Id { get; init; }
    public required string Name { get; init; }
    public string? Email { get; init; }
    public required RepLevel Level { get; init; }
    public required TeamId Team { get; init; }

    /// <summary>The rep's own calendar; null means the team's.</summary>
    public string? CalendarId { get; init; }

    /// <summary>Relative share in weighted round-robin (1–100).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Maximum open leads.</summary>
    public required int Capacity { get; init; }

    /// <summary>
    /// At most this many leads a day (the rep's calendar day) from the pools, besides <see cref="Capacity"/>; null means
    /// no cap. Counted from the decisions that assigned the rep (README "Fair-share ledger, make-up rules and caps").
    /// </summary>
    public int? DailyCap { get; init; }

    /// <summary>At most this many leads per clock hour (the rep's time zone) from the pools; null means no cap.</summary>
    public int? HourlyCap { get; init; }

    public RepId? Backup { get; init; }
    public IReadOnlyList<string> Industries { get; init; } = [];
    public IReadOnlyList<string> Languages { get; init; } = [];
    public bool Active { get; init; } = true;

    /// <summary>The rep's Slack member ID (<c>U…</c>): whose clicks on a lead's Accept/Decline buttons act for this rep.</summary>
    public string? SlackUserId { get; init; }
}

/// <summary>
/// Criteria → owning team. Empty criteria lists mean "any"; a segment with no criteria is a catch-all.
/// Segments are evaluated by ascending <see cref="Priority"/>; the first match wins.
/// </summary>
public sealed record Segment
{
    public required SegmentId Id { get; init; }
    public required string Name { get; init; }
    public required int Priority { get; init; }
    public required TeamId Team { get; init; }
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Regions { get; init; } = [];
    public int? MinEmployees { get; init; }
    public int? MaxEmployees { get; init; }
    public IReadOnlyList<string> Industries { get; init; } = [];
    public IReadOnlyList<SignalType> Sources { get; init; } = [];

    public bool IsCatchAll =>
        Countries.Count == 0 && Regions.Count == 0 && MinEmployees is null && MaxEmployees is null &&
        Industries.Count == 0 && Sources.Count == 0;
}
