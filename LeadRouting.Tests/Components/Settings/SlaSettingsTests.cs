using Bunit;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;

namespace LeadRouting.Tests.Components.Settings;

/// <summary>
/// <c>/settings/sla</c> over the running app's draft (list, rename carried into the matrix, field messages, refused
/// deletes), and <see cref="SlaPolicyForm"/>'s source moves and coverage without a renderer.
/// </summary>
public sealed class SlaSettingsTests(LeadRoutingApiFactory app) : SettingsPageTestContext(app), IClassFixture<LeadRoutingApiFactory>
{
    private static readonly RoutingConfiguration Default = ConfigurationLoader.LoadDefault();

    [Fact]
    public async Task Lists_the_published_policies_with_durations_and_matrix_caps()
    {
        var published = await StartFromPublishedAsync();

        var cut = RenderPage<SlaSettings>();

        cut.WaitForAssertion(() => Assert.Equal(published.Configuration.Policy.SlaPolicies.Count, cut.FindAll("[data-testid=sla-row]").Count));
        var demo = cut.FindAll("tr").Single(tr => tr.QuerySelector("[data-testid=sla-row]")?.TextContent == "DemoRequest").TextContent;
        Assert.Contains("15 min", demo, StringComparison.Ordinal);
        Assert.Contains("30 min", demo, StringComparison.Ordinal);
        var mql = cut.FindAll("tr").Single(tr => tr.QuerySelector("[data-testid=sla-row]")?.TextContent == "HighIntentMql");
        Assert.Contains("Medium × Strong", mql.QuerySelector("[data-testid=sla-cap]")!.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid=sla-cap]"));
        Assert.Empty(cut.FindAll("[data-testid=sla-coverage]"));
    }

    [Fact]
    public async Task Renaming_a_policy_goes_to_the_draft_with_the_matrix_cap_renamed_and_the_published_version_unchanged()
    {
        await StartFromPublishedAsync();
        var cut = RenderPage<SlaSettings>();
        cut.WaitForElement("[data-testid=sla-row]");

        ClickInRow(cut, "sla-row", "HighIntentMql", "sla-edit");
        Type(cut, "sla-name", "High intent <MQL>");
        Type(cut, "sla-response-amount", "3");
        cut.Find("[data-testid=sla-save]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=sla-form]")));
        var policy = (await LoadAsync()).Configuration.Policy;
        var renamed = policy.SlaPolicies.Single(p => p.Name == "High intent <MQL>");
        Assert.Equal(new SlaDuration(3, DurationUnit.Hours), renamed.ResponseTarget);
        Assert.Equal([SignalType.ContactSales, SignalType.PricingPageVisit, SignalType.OutboundReply], renamed.Sources);
        Assert.Equal("High intent <MQL>", policy.Matrix.Single(r => r.Action == TreatmentAction.SdrFastTrack).SlaCap);
        Assert.DoesNotContain(policy.SlaPolicies, p => p.Name == "HighIntentMql");

        var (_, live) = await NewestPublishedAsync();
        Assert.Contains(live.Policy.SlaPolicies, p => p.Name == "HighIntentMql");
        Assert.Equal("HighIntentMql", live.Policy.Matrix.Single(r => r.Action == TreatmentAction.SdrFastTrack).SlaCap);
        cut.WaitForAssertion(() => Assert.Contains("High intent <MQL>", cut.Find("[data-testid=sla-policies]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_taken_name_and_a_zero_duration_show_field_messages_and_nothing_is_saved()
    {
        await StartFromPublishedAsync();
        var cut = RenderPage<SlaSettings>();
        cut.WaitForElement("[data-testid=sla-row]");

        ClickInRow(cut, "sla-row", "Event", "sla-edit");
        Type(cut, "sla-name", "demorequest");
        Type(cut, "sla-escalation-amount", "0");
        cut.Find("[data-testid=sla-save]").Click();

        var form = cut.Find("[data-testid=sla-form]").TextContent;
        Assert.Contains("Another policy is called 'demorequest'.", form, StringComparison.Ordinal);
        Assert.Contains("Between 1 and 10,000.", form, StringComparison.Ordinal);
        Assert.False((await LoadAsync()).IsDraft);
    }

    [Fact]
    public async Task Deleting_a_policy_that_covers_sources_and_caps_a_matrix_row_is_refused_saying_why()
    {
        await StartFromPublishedAsync();
        var cut = RenderPage<SlaSettings>();
        cut.WaitForElement("[data-testid=sla-row]");

        ClickInRow(cut, "sla-row", "HighIntentMql", "sla-delete");

        var refusal = cut.WaitForElement("[data-testid=sla-delete-refused]").TextContent;
        Assert.Contains("it covers Contact sales, Pricing page visit, Outbound reply", refusal, StringComparison.Ordinal);
        Assert.Contains("the treatment matrix caps medium intent × strong fit at it", refusal, StringComparison.Ordinal);
        Assert.False((await LoadAsync()).IsDraft);
    }

    [Fact]
    public void A_source_chosen_for_a_policy_moves_from_the_policy_that_covered_it()
    {
        var form = SlaPolicyForm.From(Default.Policy.SlaPolicies.Single(p => p.Name == "Event"));
        form.Sources = [SignalType.EventBadgeScan, SignalType.Webinar];

        Assert.True(form.Validate(Default, Messages).IsEmpty);
        Assert.Equal([(SignalType.Webinar, "Content")], form.Moves(Default));
        var policies = form.ApplyTo(Default).Policy.SlaPolicies;
        Assert.DoesNotContain(SignalType.Webinar, policies.Single(p => p.Name == "Content").Sources);
        Assert.Empty(ConfigurationValidator.Validate(form.ApplyTo(Default)));
        Assert.True(SlaPolicyForm.Coverage(form.SourcesAfter(Default)).IsComplete);
    }

    [Fact]
    public void Dropping_a_source_no_other_policy_covers_is_refused_and_shown_as_uncovered()
    {
        var form = SlaPolicyForm.From(Default.Policy.SlaPolicies.Single(p => p.Name == "HighIntentMql"));
        form.Sources = [SignalType.ContactSales];

        var errors = form.Validate(Default, Messages);

        Assert.Equal("Pricing page visit, Outbound reply would be covered by no policy. Add them to another policy instead: they move there from here.", errors.First("sources"));
        Assert.Equal([SignalType.PricingPageVisit, SignalType.OutboundReply], SlaPolicyForm.Coverage(form.SourcesAfter(Default)).Uncovered);
    }

    [Fact]
    public void Coverage_names_sources_covered_twice()
    {
        var coverage = SlaPolicyForm.Coverage([[SignalType.DemoRequest, SignalType.Webinar], [SignalType.Webinar], [.. Enum.GetValues<SignalType>().Except([SignalType.DemoRequest, SignalType.Webinar, SignalType.EventBadgeScan])]]);

        Assert.Equal([SignalType.Webinar], coverage.DoubleCovered);
        Assert.Equal([SignalType.EventBadgeScan], coverage.Uncovered);
        Assert.False(coverage.IsComplete);
    }

    [Fact]
    public async Task In_German_a_taken_name_and_a_zero_duration_show_German_messages_under_their_fields()
    {
        await StartFromPublishedAsync();
        using var german = CultureScope.Of("de-DE");
        var cut = RenderPage<SlaSettings>();
        cut.WaitForElement("[data-testid=sla-row]");
        Assert.Contains("mittel × stark", cut.Find("[data-testid=sla-cap]").GetAttribute("title"), StringComparison.Ordinal);

        ClickInRow(cut, "sla-row", "Event", "sla-edit");
        Type(cut, "sla-name", "demorequest");
        Type(cut, "sla-escalation-amount", "0");
        cut.Find("[data-testid=sla-save]").Click();

        Assert.Equal("Eine andere Richtlinie heißt bereits „demorequest“.", FieldMessage(cut, "sla-name"));
        Assert.Equal("Zwischen 1 und 10.000.", FieldMessage(cut, "sla-escalation-amount"));
        Assert.False((await LoadAsync()).IsDraft);
    }

    [Fact]
    public void In_German_dropping_the_only_cover_of_sources_names_them_in_German()
    {
        using var german = CultureScope.Of("de-DE");
        var form = SlaPolicyForm.From(Default.Policy.SlaPolicies.Single(p => p.Name == "HighIntentMql"));
        form.Sources = [SignalType.ContactSales];

        var errors = form.Validate(Default, Messages);

        Assert.Equal(
            "Besuch der Preisseite, Antwort auf Outbound wären von keiner Richtlinie abgedeckt. Fügen Sie die Quellen stattdessen einer anderen Richtlinie hinzu: Sie wechseln dann von hier dorthin.",
            errors.First("sources"));
    }

    private static string FieldMessage(IRenderedComponent<SlaSettings> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")!.TextContent.Trim();
}
