using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Inbox;

/// <summary>Where a lead stands against its running clock.</summary>
public enum SlaState
{
    /// <summary>At least a quarter of the window is left.</summary>
    OnTrack,

    /// <summary>Less than a quarter of the window is left.</summary>
    AtRisk,

    /// <summary>The deadline has passed.</summary>
    Breached,

    /// <summary>No clock runs any more (the first touch stopped it).</summary>
    Stopped,
}

/// <summary>
/// The live countdown a rep sees on a lead: how long is left on its earliest running clock, coloured on track / at
/// risk / breached. A pure function of the clock and the time, so it is tested without a renderer.
/// </summary>
public sealed record SlaCountdown(SlaState State, string Text)
{
    /// <summary>How long is left (on track, at risk) or overdue (breached); zero when the clock stopped.</summary>
    public TimeSpan Span { get; init; }

    /// <summary>What the deadline is for: "to accept", "to respond", "to escalation"; empty when the clock stopped.</summary>
    public string Purpose { get; init; } = "";

    /// <summary>Below this share of the window left the lead is at risk.</summary>
    public const double AtRiskShare = 0.25;

    public static readonly SlaCountdown Stopped = new(SlaState.Stopped, "Clock stopped");

    public Color Color => State switch
    {
        SlaState.OnTrack => Color.Success,
        SlaState.AtRisk => Color.Warning,
        SlaState.Breached => Color.Error,
        _ => Color.Default,
    };

    /// <summary>A CSS class per state, for tests and styling.</summary>
    public string CssClass => State switch
    {
        SlaState.OnTrack => "sla-on-track",
        SlaState.AtRisk => "sla-at-risk",
        SlaState.Breached => "sla-breached",
        _ => "sla-stopped",
    };

    /// <param name="start">When the window opened (the assignment).</param>
    /// <param name="deadline">The earliest running clock; null when none runs.</param>
    /// <param name="purpose">What the deadline is for, e.g. "to accept".</param>
    /// <param name="now">The current time.</param>
    public static SlaCountdown For(DateTimeOffset? start, DateTimeOffset? deadline, string purpose, DateTimeOffset now)
    {
        if (deadline is not { } due)
        {
            return Stopped;
        }

        var left = due - now;
        if (left <= TimeSpan.Zero)
        {
            return new SlaCountdown(SlaState.Breached, $"Overdue {Format(-left)} ({purpose})") { Span = -left, Purpose = purpose };
        }

        var window = start is { } opened && opened < due ? due - opened : left;
        var state = left.Ticks < window.Ticks * AtRiskShare ? SlaState.AtRisk : SlaState.OnTrack;
        return new SlaCountdown(state, $"{Format(left)} left {purpose}") { Span = left, Purpose = purpose };
    }

    /// <summary>"2d 03h", "1h 05m", "4m 09s", "12s": the two largest units, so the text ticks visibly each second near the end.</summary>
    public static string Format(TimeSpan span) => Format(span, "d");

    /// <summary>The same in the culture's units: German says "T" (Tage) for days; h, m and s read the same.</summary>
    public static string Format(TimeSpan span, CultureInfo culture) => Format(span, culture.TwoLetterISOLanguageName == "de" ? "T" : "d");

    private static string Format(TimeSpan span, string dayUnit)
    {
        var seconds = (long)Math.Ceiling(span.TotalSeconds);
        var days = seconds / 86_400;
        var hours = seconds % 86_400 / 3_600;
        var minutes = seconds % 3_600 / 60;
        var secs = seconds % 60;
        return days > 0 ? string.Create(CultureInfo.InvariantCulture, $"{days}{dayUnit} {hours:00}h")
            : hours > 0 ? string.Create(CultureInfo.InvariantCulture, $"{hours}h {minutes:00}m")
            : minutes > 0 ? string.Create(CultureInfo.InvariantCulture, $"{minutes}m {secs:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{secs}s");
    }
}
