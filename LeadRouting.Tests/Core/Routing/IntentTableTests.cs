using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Routing;

/// <summary>DESIGN.md §3, one test per row, plus the 30-day window boundary.</summary>
public class IntentTableTests
{
    private static readonly DateTimeOffset Now = TestData.Monday10Berlin;
    private readonly IntentClassifier _classifier = new(ConfigurationLoader.LoadDefault().Policy.Intent);

    private Intent Classify(params Signal[] signals) => _classifier.Classify(signals, Now).Intent;

    private static Signal At(SignalType type, double daysAgo = 1) => new(type, Now.AddDays(-daysAgo));

    [Theory]
    [InlineData(SignalType.DemoRequest)]
    [InlineData(SignalType.ContactSales)]
    [InlineData(SignalType.PricingPageVisit)]
    [InlineData(SignalType.OutboundReply)]
    public void High_intent_row_any_single_signal_is_high(SignalType signal) =>
        Assert.Equal(Intent.High, Classify(At(signal)));

    [Fact]
    public void Medium_intent_row_two_content_downloads_are_medium() =>
        Assert.Equal(Intent.Medium, Classify(At(SignalType.ContentDownload, 3), At(SignalType.ContentDownload, 1)));

    [Theory]
    [InlineData(SignalType.Webinar)]
    [InlineData(SignalType.CaseStudyView)]
    public void Medium_intent_row_any_webinar_or_case_study_is_medium(SignalType signal) =>
        Assert.Equal(Intent.Medium, Classify(At(signal)));

    [Theory]
    [InlineData(SignalType.ContentDownload)]
    [InlineData(SignalType.NewsletterSignup)]
    [InlineData(SignalType.EventBadgeScan)]
    public void Low_intent_row_single_low_signal_is_low(SignalType signal) =>
        Assert.Equal(Intent.Low, Classify(At(signal)));

    [Fact]
    public void Highest_matching_row_wins() =>
        Assert.Equal(Intent.High, Classify(At(SignalType.NewsletterSignup), At(SignalType.Webinar), At(SignalType.PricingPageVisit)));

    [Fact]
    public void Signal_exactly_30_days_old_still_counts() =>
        Assert.Equal(Intent.High, Classify(At(SignalType.NewsletterSignup, 0), new Signal(SignalType.DemoRequest, Now.AddDays(-30))));

    [Fact]
    public void Signal_older_than_30_days_no_longer_counts() =>
        Assert.Equal(Intent.Low, Classify(At(SignalType.NewsletterSignup, 0), new Signal(SignalType.DemoRequest, Now.AddDays(-30).AddSeconds(-1))));

    [Fact]
    public void Old_content_download_does_not_make_two()
    {
        var result = _classifier.Classify([At(SignalType.ContentDownload, 31), At(SignalType.ContentDownload, 2)], Now);
        Assert.Equal(Intent.Low, result.Intent);
        Assert.Equal(1, result.IgnoredAsOld);
    }

    [Fact]
    public void Lead_source_counts_as_a_signal_at_receipt()
    {
        var engine = TestData.Engine();
        var decision = TestData.Route(engine, TestData.Submission(source: SignalType.Webinar));
        Assert.Equal(Intent.Medium, decision.Intent);
    }

    [Fact]
    public void Submitted_signals_lift_a_low_source()
    {
        var engine = TestData.Engine();
        var decision = TestData.Route(engine, TestData.Submission(
            source: SignalType.NewsletterSignup,
            signals: [new Signal(SignalType.PricingPageVisit, Now.AddDays(-2))]));
        Assert.Equal(Intent.High, decision.Intent);
    }
}
