using LeadRouting.Web.Leads;

namespace LeadRouting.Web.Components.Pages.Inbox;

/// <summary>Which panel a lead card has open.</summary>
public enum InboxPanel
{
    None,
    Decline,
    Touch,
    WhyMe,
    Disqualify,
}

/// <summary>What the rep is typing or looking at on one lead card; kept across reloads by lead id.</summary>
public sealed class InboxRowState
{
    public InboxPanel Panel { get; set; }

    public string? Reason { get; set; }

    public string? ReasonError { get; set; }

    public TouchKind TouchKind { get; set; } = TouchKind.Call;

    public string? Note { get; set; }

    public string? NoteError { get; set; }

    /// <summary>The format of a <c>datetime-local</c> input: the rep's wall clock, no zone.</summary>
    public const string DueFormat = "yyyy-MM-ddTHH:mm";

    /// <summary>The next step set with a touch, and when it is due (<see cref="DueFormat"/>, the rep's time).</summary>
    public string? NextStep { get; set; }

    public string? NextStepDue { get; set; }

    public string? NextStepError { get; set; }

    public string? DueError { get; set; }

    /// <summary>The decision trace, loaded when "Why me?" opens.</summary>
    public IReadOnlyList<StoredTraceStep>? Trace { get; set; }

    public bool Busy { get; set; }

    public void Toggle(InboxPanel panel)
    {
        Panel = Panel == panel ? InboxPanel.None : panel;
        ReasonError = null;
        NoteError = null;
        NextStepError = null;
        DueError = null;
    }
}
