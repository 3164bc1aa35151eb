namespace LeadRouting.Core.Leads;

/// <summary>
/// What a prospect did. A lead's <c>source</c> is the signal that created it; later activity arrives as
/// further signals. Intent (DESIGN.md §3) and the SLA policy (DESIGN.md "SLA clocks") are read from these.
/// </summary>
public enum SignalType
{
    DemoRequest,
    ContactSales,
    PricingPageVisit,
    OutboundReply,
    ContentDownload,
    Webinar,
    CaseStudyView,
    NewsletterSignup,
    EventBadgeScan,
}

/// <summary>How the lead was introduced; VIP and executive introductions are handled by a human.</summary>
public enum Referral
{
    None,
    Vip,
    ExecutiveIntro,
}

/// <summary>The lifecycle stage of a lead (DESIGN.md "Lead lifecycle").</summary>
public enum LeadStage
{
    New,
    Assigned,
    Accepted,
    Contacted,
    Qualified,
    Converted,
    Nurture,
    ManualReview,
    Unassigned,
    Disqualified,
}

public static class LeadStages
{
    /// <summary>Open leads still need work; Converted and Disqualified are closed (DESIGN.md §2.1).</summary>
    public static bool IsOpen(this LeadStage stage) => stage is not (LeadStage.Converted or LeadStage.Disqualified);
}

/// <summary>One piece of activity with the time it happened.</summary>
public sealed record Signal(SignalType Type, DateTimeOffset At);
