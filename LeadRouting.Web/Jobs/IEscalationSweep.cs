namespace LeadRouting.Web.Jobs;

/// <summary>
/// The SLA escalation sweep: finds the leads whose escalation is due at <c>now</c> and reassigns, escalates or
/// unassigns each of them (DESIGN.md, "SLA clocks and escalation"). <see cref="EscalationSweepJob"/> calls it on a
/// schedule; what is due is decided here, from <c>now</c>, never from when the scheduler happened to fire.
/// </summary>
/// <remarks>
/// Implementations must be idempotent (a conditional update per lead that checks rows affected): a sweep that runs
/// twice for the same instant, or on two instances at once, changes nothing twice. Register the real one with one
/// line, before or after <c>AddLeadRoutingScheduling</c>: <c>services.AddScoped&lt;IEscalationSweep, TheSweep&gt;()</c>.
/// Each job run resolves it from a fresh DI scope.
/// </remarks>
public interface IEscalationSweep
{
    /// <summary>Handles at most one batch of leads due at <paramref name="now"/>.</summary>
    Task<EscalationSweepResult> RunAsync(DateTimeOffset now, CancellationToken ct);
}

/// <summary>What one sweep batch did.</summary>
public sealed record EscalationSweepResult
{
    public static EscalationSweepResult Nothing { get; } = new();

    /// <summary>Leads moved to a backup rep or pool because the acceptance window ran out.</summary>
    public int Reassigned { get; init; }

    /// <summary>Accepted leads without a first touch by the trigger: manager notified, breach recorded.</summary>
    public int Escalated { get; init; }

    /// <summary>Leads sent to the Unassigned queue (no one qualified, or reassigned too often).</summary>
    public int Unassigned { get; init; }

    /// <summary>The batch limit was hit: more leads are due now, so the job runs the sweep again at once.</summary>
    public bool MoreDue { get; init; }

    public int Total => Reassigned + Escalated + Unassigned;
}
