using LeadRouting.Core.Import;
using LeadRouting.Core.Leads;

namespace LeadRouting.Tests.Core.Import;

/// <summary>CRM statuses, source wordings, yes/no flags and websites as exports write them.</summary>
public sealed class ExportValuesTests
{
    [Theory]
    [InlineData("Open - Not Contacted", LeadStage.Assigned, CrmClosure.Open)]
    [InlineData("Working - Contacted", LeadStage.Contacted, CrmClosure.Open)]
    [InlineData("Closed - Converted", LeadStage.Converted, CrmClosure.Won)]
    [InlineData("Closed - Not Converted", LeadStage.Disqualified, CrmClosure.Lost)]
    [InlineData("open - not contacted", LeadStage.Assigned, CrmClosure.Open)]
    [InlineData("New", LeadStage.Assigned, CrmClosure.Open)]
    [InlineData("Open", LeadStage.Assigned, CrmClosure.Open)]
    [InlineData("In progress", LeadStage.Contacted, CrmClosure.Open)]
    [InlineData("IN_PROGRESS", LeadStage.Contacted, CrmClosure.Open)]
    [InlineData("Open deal", LeadStage.Qualified, CrmClosure.Open)]
    [InlineData("Unqualified", LeadStage.Disqualified, CrmClosure.Lost)]
    [InlineData("Attempted to contact", LeadStage.Contacted, CrmClosure.Open)]
    [InlineData("Connected", LeadStage.Contacted, CrmClosure.Open)]
    [InlineData("Bad timing", LeadStage.Nurture, CrmClosure.Open)]
    [InlineData("Subscriber", LeadStage.Nurture, CrmClosure.Open)]
    [InlineData("Lead", LeadStage.Assigned, CrmClosure.Open)]
    [InlineData("MQL", LeadStage.Assigned, CrmClosure.Open)]
    [InlineData("marketingqualifiedlead", LeadStage.Assigned, CrmClosure.Open)]
    [InlineData("SQL", LeadStage.Qualified, CrmClosure.Open)]
    [InlineData("Sales Qualified Lead", LeadStage.Qualified, CrmClosure.Open)]
    [InlineData("Opportunity", LeadStage.Qualified, CrmClosure.Open)]
    [InlineData("Customer", LeadStage.Converted, CrmClosure.Won)]
    [InlineData("Evangelist", LeadStage.Converted, CrmClosure.Won)]
    [InlineData("Other", LeadStage.Nurture, CrmClosure.Open)]
    [InlineData("Won", LeadStage.Converted, CrmClosure.Won)]
    [InlineData("Lost", LeadStage.Disqualified, CrmClosure.Lost)]
    [InlineData("Converted", LeadStage.Converted, CrmClosure.Won)]
    [InlineData("Disqualified", LeadStage.Disqualified, CrmClosure.Lost)]
    [InlineData("Offen", LeadStage.Assigned, CrmClosure.Open)]
    [InlineData("In Bearbeitung", LeadStage.Contacted, CrmClosure.Open)]
    [InlineData("Kontaktiert", LeadStage.Contacted, CrmClosure.Open)]
    [InlineData("Qualifiziert", LeadStage.Qualified, CrmClosure.Open)]
    [InlineData("Gewonnen", LeadStage.Converted, CrmClosure.Won)]
    [InlineData("Konvertiert", LeadStage.Converted, CrmClosure.Won)]
    [InlineData("Verloren", LeadStage.Disqualified, CrmClosure.Lost)]
    [InlineData("Disqualifiziert", LeadStage.Disqualified, CrmClosure.Lost)]
    [InlineData("ManualReview", LeadStage.ManualReview, CrmClosure.Open)]
    [InlineData("Accepted", LeadStage.Accepted, CrmClosure.Open)]
    public void A_crm_status_reads_as_the_stage_and_closure_it_means(string text, LeadStage stage, CrmClosure closure)
    {
        Assert.Equal(new CrmStatus(stage, closure), CrmStatuses.Read(text, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void Every_status_is_closed_exactly_when_its_stage_is_closed_won_as_converted_and_lost_as_disqualified()
    {
        Assert.All(CrmStatuses.All, entry =>
        {
            Assert.Equal(entry.Status.Stage.IsClosed(), entry.Status.IsClosed);
            Assert.Equal(entry.Status.Closure == CrmClosure.Won, entry.Status.Stage == LeadStage.Converted);
            Assert.NotEqual(LeadStage.New, entry.Status.Stage);
            Assert.Equal(entry.Status, CrmStatuses.Read(entry.Wording, out _));
        });
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("")]
    public void An_unknown_status_is_refused_naming_the_value(string text)
    {
        Assert.Null(CrmStatuses.Read(text, out var problem));
        Assert.StartsWith($"'{text}' is not a lead status this import knows. Known: Salesforce's Open - Not Contacted", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Web", SignalType.ContactSales)]
    [InlineData("Website", SignalType.ContactSales)]
    [InlineData("Web Form", SignalType.ContactSales)]
    [InlineData("web-form", SignalType.ContactSales)]
    [InlineData("Partner Referral", SignalType.ContactSales)]
    [InlineData("Employee Referral", SignalType.ContactSales)]
    [InlineData("Referrals", SignalType.ContactSales)]
    [InlineData("Organic Search", SignalType.ContentDownload)]
    [InlineData("Organic search", SignalType.ContentDownload)]
    [InlineData("Paid Search", SignalType.ContentDownload)]
    [InlineData("Direct traffic", SignalType.ContentDownload)]
    [InlineData("Social media", SignalType.ContentDownload)]
    [InlineData("Other", SignalType.ContentDownload)]
    [InlineData("Trade Show", SignalType.EventBadgeScan)]
    [InlineData("Messe", SignalType.EventBadgeScan)]
    [InlineData("Offline sources", SignalType.EventBadgeScan)]
    [InlineData("Webinar", SignalType.Webinar)]
    [InlineData("Email", SignalType.NewsletterSignup)]
    [InlineData("E-Mail", SignalType.NewsletterSignup)]
    [InlineData("Newsletter", SignalType.NewsletterSignup)]
    [InlineData("Email marketing", SignalType.NewsletterSignup)]
    [InlineData("Purchased List", SignalType.NewsletterSignup)]
    [InlineData("Cold Call", SignalType.OutboundReply)]
    [InlineData("Demo Request", SignalType.DemoRequest)]
    [InlineData("DEMOREQUEST", SignalType.DemoRequest)]
    [InlineData("PricingPageVisit", SignalType.PricingPageVisit)]
    public void A_source_wording_reads_as_its_source_by_the_default_table(string text, SignalType source)
    {
        Assert.Equal(source, SourceTable.Default.Read(text, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void An_unmapped_source_is_refused_naming_the_value_and_the_valid_choices()
    {
        Assert.Null(SourceTable.Default.Read("Podcast", out var problem));
        Assert.Equal(
            "'Podcast' is not a source this import knows: add it to the source table, mapped to one of DemoRequest, ContactSales, " +
            "PricingPageVisit, OutboundReply, ContentDownload, Webinar, CaseStudyView, NewsletterSignup, EventBadgeScan.",
            problem);
    }

    [Fact]
    public void A_user_table_extends_the_defaults_and_overrides_them_case_insensitively()
    {
        var table = SourceTable.Default.With(new Dictionary<string, string> { ["Podcast"] = "contentdownload", ["WEB"] = "DemoRequest" }, out var problem)!;

        Assert.Null(problem);
        Assert.Equal(SignalType.ContentDownload, table.Read("podcast", out _));
        Assert.Equal(SignalType.DemoRequest, table.Read("Web", out _));
        Assert.Equal(SignalType.ContactSales, SourceTable.Default.Read("Web", out _));
        Assert.Equal(SignalType.EventBadgeScan, table.Read("Messe", out _));
    }

    [Fact]
    public void A_user_table_entry_to_a_source_that_does_not_exist_is_refused_naming_it_and_the_valid_choices()
    {
        Assert.Null(SourceTable.Default.With(new Dictionary<string, string> { ["Podcast"] = "Audio" }, out var problem));
        Assert.StartsWith("'Podcast' cannot map to 'Audio': valid sources are DemoRequest, ContactSales,", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_default_wording_reads_as_its_source()
    {
        Assert.All(SourceTable.DefaultWordings, entry => Assert.Equal(entry.Source, SourceTable.Default.Read(entry.Wording, out _)));
    }

    [Theory]
    [InlineData("Y", true)]
    [InlineData("N", false)]
    [InlineData("yes", true)]
    [InlineData("No", false)]
    [InlineData("ja", true)]
    [InlineData("NEIN", false)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("x", true)]
    [InlineData("X", true)]
    [InlineData("", false)]
    [InlineData("  ", false)]
    public void A_flag_reads_as_yes_or_no(string text, bool expected)
    {
        Assert.Equal(expected, ExportFlags.Read(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("2")]
    public void A_flag_that_is_neither_is_refused_naming_the_value(string text)
    {
        Assert.Null(ExportFlags.Read(text, out var problem));
        Assert.StartsWith($"'{text}' is not a yes/no value", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://www.siemens.com/de/", "siemens.com")]
    [InlineData("http://siemens.com", "siemens.com")]
    [InlineData("www.Siemens.com", "siemens.com")]
    [InlineData("siemens.com", "siemens.com")]
    [InlineData("https://www.siemens.com:443/de?ref=x#top", "siemens.com")]
    [InlineData("https://www.siemens.com?ref=x", "siemens.com")]
    [InlineData("//www.siemens.com", "siemens.com")]
    [InlineData("https://de.siemens.com", "de.siemens.com")]
    [InlineData("https://www.bücher.de/", "xn--bcher-kva.de")]
    public void A_website_reads_as_its_domain(string text, string domain)
    {
        Assert.Equal(domain, WebsiteDomains.Read(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("keine")]
    [InlineData("https://")]
    public void A_website_that_is_no_domain_is_refused_naming_the_value(string text)
    {
        Assert.Null(WebsiteDomains.Read(text, out var problem));
        Assert.StartsWith($"'{text}' is not a website or domain", problem, StringComparison.Ordinal);
    }
}
