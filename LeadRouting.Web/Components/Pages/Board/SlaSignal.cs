using LeadRouting.Core.Configuration;

namespace LeadRouting.Web.Components.Pages.Board;

/// <summary>A headline figure's state at a glance.</summary>
public enum SlaSignal
{
    Green,
    Amber,
    Red,
}

/// <summary>
/// The thresholds of the board's headline figures (README, "SLA board"). The target is the share of first responses met
/// within their response target that a sales team commits to (each team's <see cref="Team.SlaTargetPercent"/>, 90 %
/// unless set); amber is up to 10 points below it.
/// </summary>
public static class SlaSignals
{
    /// <summary>How far below the target a share is amber rather than red.</summary>
    public const double AmberBand = 0.1;

    /// <summary>Green at or above <paramref name="target"/>, amber up to <see cref="AmberBand"/> below, red below that; green with nothing decided yet.</summary>
    public static SlaSignal MetShare(double? share, double target) => share switch
    {
        null => SlaSignal.Green,
        var s when s >= target => SlaSignal.Green,
        var s when s >= target - AmberBand => SlaSignal.Amber,
        _ => SlaSignal.Red,
    };

    /// <summary>
    /// The target of the teams a board shows: the one team's, or for a region or everything the strictest among them, so
    /// a share is green only when every team shown would call it met.
    /// </summary>
    public static double TargetOf(IEnumerable<Team> teams) =>
        teams.Select(t => t.SlaTargetShare).DefaultIfEmpty(Team.DefaultSlaTargetPercent / 100.0).Max();

    /// <summary>Overdue first responses: any is red — a prospect waits past the promise now.</summary>
    public static SlaSignal BreachedNow(int count) => count == 0 ? SlaSignal.Green : SlaSignal.Red;

    /// <summary>Due within 15 minutes: none green, one or two amber, three or more red.</summary>
    public static SlaSignal BreachingSoon(int count) => count switch
    {
        0 => SlaSignal.Green,
        <= 2 => SlaSignal.Amber,
        _ => SlaSignal.Red,
    };

    /// <summary>Leads in the queues: up to 5 green, up to 20 amber, more red.</summary>
    public static SlaSignal Queued(int count) => count switch
    {
        <= 5 => SlaSignal.Green,
        <= 20 => SlaSignal.Amber,
        _ => SlaSignal.Red,
    };

    /// <summary>The oldest lead waiting in a queue: under 15 minutes green, under an hour amber, longer red.</summary>
    public static SlaSignal OldestWaiting(TimeSpan? age) => age switch
    {
        null => SlaSignal.Green,
        var a when a < TimeSpan.FromMinutes(15) => SlaSignal.Green,
        var a when a < TimeSpan.FromHours(1) => SlaSignal.Amber,
        _ => SlaSignal.Red,
    };
}
