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

/// <summary>Which stages are open and which are closed: the one definition queries, SQL and pages use.</summary>
public static class LeadStages
{
    /// <summary>Closed: the lead reached an outcome and needs no more work (DESIGN.md §2.1).</summary>
    public static bool IsClosed(this LeadStage stage) => stage is LeadStage.Converted or LeadStage.Disqualified;

    /// <summary>Open leads still need work: every stage that is not <see cref="IsClosed"/>.</summary>
    public static bool IsOpen(this LeadStage stage) => !stage.IsClosed();

    /// <summary>The closed stages, for queries (<c>NOT IN</c>).</summary>
    public static IReadOnlyList<LeadStage> Closed { get; } = [.. Enum.GetValues<LeadStage>().Where(IsClosed)];

    /// <summary>Open and with an owner working it: the stages of a rep's inbox.</summary>
    public static IReadOnlyList<LeadStage> Worked { get; } = [LeadStage.Assigned, LeadStage.Accepted, LeadStage.Contacted, LeadStage.Qualified];
}

/// <summary>One piece of activity with the time it happened.</summary>
public sealed record Signal(SignalType Type, DateTimeOffset At);
