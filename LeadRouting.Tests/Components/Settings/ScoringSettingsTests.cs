using Bunit;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;

namespace LeadRouting.Tests.Components.Settings;

/// <summary><c>/settings/scoring</c>: the ICP fit score edited into the draft, with field messages and the reachable maximum.</summary>
public sealed class ScoringSettingsTests(LeadRoutingApiFactory app) : SettingsPageTestContext(app)
{
    [Fact]
    public async Task Renders_the_published_fit_score_with_bands_in_ascending_order_and_the_reachable_maximum()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<ScoringSettings>();

        cut.WaitForAssertion(() => Assert.Equal("60", Input(cut, "scoring-strong").GetAttribute("value")));
        Assert.Equal("20", Input(cut, "scoring-disqualify").GetAttribute("value"));
        Assert.Equal(["0", "50", "200"], Enumerable.Range(0, 3).Select(i => Input(cut, $"band-{i}-min").GetAttribute("value")));
        Assert.Equal(["0", "20", "40"], Enumerable.Range(0, 3).Select(i => Input(cut, $"band-{i}-points").GetAttribute("value")));
        Assert.Equal("Software, Fintech, Financial Services, E-Commerce", Input(cut, "industries-values").GetAttribute("value"));
        Assert.Equal("DE, AT, CH, GB, FR, NL, US", Input(cut, "countries-values").GetAttribute("value"));
        Assert.Contains("Highest reachable score: 100", cut.Find("[data-testid=scoring-max]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=scoring-unreachable]"));
    }

    [Fact]
    public async Task An_edit_is_saved_to_the_draft_while_the_published_version_is_unchanged()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<ScoringSettings>();
        cut.WaitForAssertion(() => Assert.Equal("60", Input(cut, "scoring-strong").GetAttribute("value")));

        Input(cut, "scoring-strong").Change("70");
        Input(cut, "industries-points").Change("25");
        Input(cut, "countries-values").Change("de, at, ch");
        Input(cut, "scoring-disqualify").Change("15");
        cut.Find("[data-testid=scoring-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=draft-state]").TextContent.Trim()));
        var draft = (await DraftAsync()).Configuration.Policy;
        Assert.Equal(70, draft.Fit.StrongThreshold);
        Assert.Equal(25, draft.Fit.Industries.Points);
        Assert.Equal(["DE", "AT", "CH"], draft.Fit.Countries.Values);
        Assert.Equal(15, draft.DisqualifyBelowFitScore);
        Assert.Equal([200, 50, 0], draft.Fit.EmployeeBands.Select(b => b.MinEmployees));
        var published = (await PublishedAsync()).Policy;
        Assert.Equal(60, published.Fit.StrongThreshold);
        Assert.Equal(20, published.DisqualifyBelowFitScore);
        Assert.Equal("70", Input(cut, "scoring-strong").GetAttribute("value"));
    }

    [Fact]
    public async Task Bad_values_show_their_field_messages_and_nothing_is_saved()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<ScoringSettings>();
        cut.WaitForAssertion(() => Assert.Equal("60", Input(cut, "scoring-strong").GetAttribute("value")));

        Input(cut, "scoring-strong").Change("101");
        Input(cut, "band-2-min").Change("50");
        Input(cut, "countries-values").Change("DE, Germany");
        cut.Find("[data-testid=scoring-save]").Click();

        Assert.Contains("Between 0 and 100.", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Another band already starts at 50.", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Not an ISO country code: Germany.", cut.Markup, StringComparison.Ordinal);
        Assert.False((await DraftAsync()).IsDraft);

        cut.FindAll("[data-testid=band-remove]")[0].Click();
        cut.Find("[data-testid=scoring-save]").Click();

        Assert.Equal("One band must start at 0 employees, so every company size gets points.", cut.Find("[data-testid=scoring-bands-error]").TextContent);
        Assert.False((await DraftAsync()).IsDraft);
    }

    [Fact]
    public async Task An_unreachable_strong_threshold_is_warned_about_as_the_points_change()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<ScoringSettings>();
        cut.WaitForAssertion(() => Assert.Equal("60", Input(cut, "scoring-strong").GetAttribute("value")));

        Input(cut, "scoring-strong").Change("95");
        Input(cut, "countries-points").Change("0");

        Assert.Contains("Highest reachable score: 90", cut.Find("[data-testid=scoring-max]").TextContent, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", cut.Find("[data-testid=scoring-unreachable]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_German_bad_values_show_German_messages_and_the_reachable_score_is_said_in_German()
    {
        await StartWithoutDraftAsync();
        using var german = CultureScope.Of("de-DE");
        var cut = RenderPage<ScoringSettings>();
        cut.WaitForAssertion(() => Assert.Equal("60", Input(cut, "scoring-strong").GetAttribute("value")));
        Assert.Equal("ICP-Scoring", cut.Find("h1").TextContent.Trim());
        Assert.Contains("Höchster erreichbarer Score: 100", cut.Find("[data-testid=scoring-max]").TextContent, StringComparison.Ordinal);

        Input(cut, "scoring-strong").Change("101");
        Input(cut, "band-2-min").Change("50");
        Input(cut, "countries-values").Change("DE, Germany");
        cut.Find("[data-testid=scoring-save]").Click();

        Assert.Contains("Zwischen 0 und 100.", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Eine andere Stufe beginnt bereits bei 50.", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Kein ISO-Ländercode: Germany.", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Between", cut.Markup, StringComparison.Ordinal);
        Assert.False((await DraftAsync()).IsDraft);
    }
}
