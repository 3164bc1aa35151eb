using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Routing;

/// <summary>DESIGN.md §5, one test per row of the intent × fit matrix.</summary>
public class TreatmentMatrixTests
{
    private readonly RoutingEngine _engine = TestData.Engine();

    private static LeadSubmission Strong(SignalType source) => TestData.Submission(source: source);

    private static LeadSubmission Weak(SignalType source, int employees = 10, string? country = "BR") =>
        TestData.Submission(source: source, employees: employees, industry: "Agriculture", country: country, techStack: []);

    [Fact]
    public void High_strong_goes_to_an_ae_immediately()
    {
        var decision = TestData.Route(_engine, Strong(SignalType.DemoRequest));
        Assert.Equal((Intent.High, Fit.Strong, TreatmentAction.AeImmediate, LeadStage.Assigned), (decision.Intent, decision.Fit, decision.Action, decision.Status));
        Assert.StartsWith("mid", decision.OwnerId!.Value.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void High_weak_goes_to_an_sdr_to_qualify()
    {
        var decision = TestData.Route(_engine, Weak(SignalType.ContactSales));
        Assert.Equal((Intent.High, Fit.Weak, TreatmentAction.SdrQualify, LeadStage.Assigned), (decision.Intent, decision.Fit, decision.Action, decision.Status));
        Assert.StartsWith("sdr", decision.OwnerId!.Value.Value, StringComparison.Ordinal);
        Assert.Equal("HighIntentMql", decision.SlaPolicy);
    }

    [Fact]
    public void Medium_strong_is_sdr_fast_track_at_the_top_with_the_high_intent_sla()
    {
        var decision = TestData.Route(_engine, Strong(SignalType.Webinar));
        Assert.Equal((Intent.Medium, Fit.Strong, TreatmentAction.SdrFastTrack, LeadStage.Assigned), (decision.Intent, decision.Fit, decision.Action, decision.Status));
        Assert.StartsWith("sdr", decision.OwnerId!.Value.Value, StringComparison.Ordinal);
        Assert.True(decision.QueuePriority > 0);

        // A webinar lead is a Content lead (5 business days) but fast track caps it at the 4 h High-intent MQL SLA.
        Assert.Equal("HighIntentMql", decision.SlaPolicy);
        Assert.Equal(TestData.Monday10Berlin.AddHours(4), decision.RespondBy);
    }

    [Fact]
    public void Medium_weak_is_nurture_without_a_rep()
    {
        var decision = TestData.Route(_engine, Weak(SignalType.CaseStudyView, employees: 60));
        Assert.Equal((Intent.Medium, Fit.Weak, TreatmentAction.Nurture, LeadStage.Nurture), (decision.Intent, decision.Fit, decision.Action, decision.Status));
        Assert.Null(decision.OwnerId);
        Assert.Null(decision.RespondBy);
    }

    [Fact]
    public void Low_strong_is_monitored_nurture()
    {
        var decision = TestData.Route(_engine, Strong(SignalType.NewsletterSignup));
        Assert.Equal((Intent.Low, Fit.Strong, TreatmentAction.NurtureMonitored, LeadStage.Nurture), (decision.Intent, decision.Fit, decision.Action, decision.Status));
        Assert.Null(decision.OwnerId);
    }

    [Fact]
    public void Low_weak_with_fit_20_is_nurture()
    {
        var decision = TestData.Route(_engine, Weak(SignalType.EventBadgeScan, employees: 50));
        Assert.Equal((Intent.Low, Fit.Weak, 20, TreatmentAction.NurtureOrDisqualify, LeadStage.Nurture), (decision.Intent, decision.Fit, decision.FitScore, decision.Action, decision.Status));
    }

    [Fact]
    public void Low_weak_with_fit_below_20_is_disqualified()
    {
        var decision = TestData.Route(_engine, Weak(SignalType.NewsletterSignup, employees: 10, country: "DE"));
        Assert.Equal((Intent.Low, Fit.Weak, 10, TreatmentAction.NurtureOrDisqualify, LeadStage.Disqualified), (decision.Intent, decision.Fit, decision.FitScore, decision.Action, decision.Status));
    }
}
