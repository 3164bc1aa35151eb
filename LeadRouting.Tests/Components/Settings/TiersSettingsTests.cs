using Bunit;
using LeadRouting.Core.Routing;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;
using MudBlazor;

namespace LeadRouting.Tests.Components.Settings;

/// <summary><c>/settings/tiers</c>: the deal tiers edited together, with the ordering rules on the fields.</summary>
public sealed class TiersSettingsTests(LeadRoutingApiFactory app) : SettingsPageTestContext(app)
{
    [Fact]
    public async Task Renders_the_published_tiers_in_ascending_order_with_their_levels()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<TiersSettings>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid^=tier-][data-testid$=-repLevels]").Count));
        Assert.Equal(["Small", "Mid-Market", "Enterprise"], cut.FindAll("[data-testid=tiers-form] h2").Select(h => h.TextContent));
        Assert.Equal("10,000", Input(cut, "tier-0-upTo").GetAttribute("value"));
        Assert.Equal("", Input(cut, "tier-2-upTo").GetAttribute("value") ?? "");
        Assert.Equal("1000", Input(cut, "tier-2-minEmployees").GetAttribute("value"));
        Assert.Equal(["1. Senior AE", "2. Account Director"], Chips(cut, "tier-2-repLevels"));
        Assert.Equal(["1. SDR"], Chips(cut, "tier-0-fallbackLevels"));
    }

    [Fact]
    public async Task An_edit_is_saved_to_the_draft_while_the_published_version_is_unchanged()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<TiersSettings>();
        cut.WaitForAssertion(() => Assert.Equal("10,000", Input(cut, "tier-0-upTo").GetAttribute("value")));

        Input(cut, "tier-0-upTo").Change("15000");
        Input(cut, "tier-1-minEmployees").Change("250");
        var addToMid = cut.FindComponents<MudSelect<RepLevel?>>()[2]; // Small: main, fallback; Mid-market: main first
        await cut.InvokeAsync(() => addToMid.Instance.SelectOption(RepLevel.SeniorAe));
        Assert.Equal(["1. Mid-level AE", "2. Senior AE"], Chips(cut, "tier-1-repLevels"));
        cut.Find("[data-testid=tiers-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=draft-state]").TextContent.Trim()));
        var draft = (await DraftAsync()).Configuration.Policy.Tiers;
        Assert.Equal(15000m, draft[0].UpTo);
        Assert.Equal(250, draft[1].MinEmployeesForEstimate);
        Assert.Equal([RepLevel.MidAe, RepLevel.SeniorAe], draft[1].RepLevels);
        Assert.Null(draft[2].UpTo);
        var published = (await PublishedAsync()).Policy.Tiers;
        Assert.Equal(10000m, published[0].UpTo);
        Assert.Equal([RepLevel.MidAe], published[1].RepLevels);
    }

    [Fact]
    public async Task Ordering_rules_show_on_their_fields_and_nothing_is_saved()
    {
        using var british = CultureScope.Of("en-GB");
        await StartWithoutDraftAsync();
        var cut = RenderPage<TiersSettings>();
        cut.WaitForAssertion(() => Assert.Equal("10,000", Input(cut, "tier-0-upTo").GetAttribute("value")));

        Input(cut, "tier-1-upTo").Change("5000");
        Input(cut, "tier-0-minEmployees").Change("10");
        Input(cut, "tier-2-minEmployees").Change("200");
        Input(cut, "tier-2-upTo").Change("90000");
        while (cut.Find("[data-testid=tier-2-repLevels]").QuerySelector(".mud-chip-close-button") is { } close)
        {
            close.Click();
        }

        cut.Find("[data-testid=tiers-save]").Click();

        var tier0 = cut.Find("[data-testid=tier-0]").TextContent;
        var tier1 = cut.Find("[data-testid=tier-1]").TextContent;
        var tier2 = cut.Find("[data-testid=tier-2]").TextContent;
        Assert.Contains("The first tier starts at 0 employees.", tier0, StringComparison.Ordinal);
        Assert.Contains("Must be above the previous tier's €10,000.", tier1, StringComparison.Ordinal);
        Assert.Contains("Must be above the previous tier's 200.", tier2, StringComparison.Ordinal);
        Assert.Contains("The last tier is open-ended: leave this empty.", tier2, StringComparison.Ordinal);
        Assert.Equal("Choose at least one rep level.", cut.Find("[data-testid=tier-2-repLevels-error]").TextContent);
        Assert.False((await DraftAsync()).IsDraft);
    }

    [Fact]
    public void A_tier_without_an_upper_bound_before_the_last_is_refused_at_its_field()
    {
        var tiers = TierTable.From(LeadRouting.Core.Configuration.ConfigurationLoader.LoadDefault().Policy);
        tiers[1].UpTo = null;

        var errors = TierTable.Validate(tiers, "EUR", Messages, (amount, currency) => $"{amount} {currency}");

        Assert.Equal("Only the last tier is open-ended: give an upper bound.", errors.First("tier-1-upTo"));
        Assert.False(errors.Contains("tier-2-upTo"));
    }

    [Fact]
    public async Task The_organisations_currency_is_validated_saved_to_the_draft_and_labels_the_deal_sizes()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<TiersSettings>();
        cut.WaitForAssertion(() => Assert.Equal("EUR", Input(cut, "tiers-currency").GetAttribute("value")));
        Assert.Contains("Deal size up to (EUR)", cut.Find("[data-testid=tier-0]").TextContent, StringComparison.Ordinal);

        Input(cut, "tiers-currency").Change("EURO");
        cut.Find("[data-testid=tiers-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("'EURO' is not an ISO 4217 currency code", cut.Find("[data-testid=tiers-form]").TextContent, StringComparison.Ordinal));
        Assert.False((await DraftAsync()).IsDraft);

        Input(cut, "tiers-currency").Change("usd");
        cut.Find("[data-testid=tiers-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=draft-state]").TextContent.Trim()));
        Assert.Equal("USD", (await DraftAsync()).Configuration.Policy.Currency);
        Assert.Equal("EUR", (await PublishedAsync()).Policy.Currency);
        cut.WaitForAssertion(() => Assert.Contains("Deal size up to (USD)", cut.Find("[data-testid=tier-0]").TextContent, StringComparison.Ordinal));
    }

    private static List<string> Chips(IRenderedComponent<TiersSettings> cut, string testId) =>
        [.. cut.Find($"[data-testid={testId}]").QuerySelectorAll("[data-testid=level-chip]").Select(c => c.TextContent.Trim())];

    [Fact]
    public async Task In_German_bounds_out_of_order_get_German_messages_with_the_amount_in_euros()
    {
        await StartWithoutDraftAsync();
        using var german = CultureScope.Of("de-DE");
        var cut = RenderPage<TiersSettings>();
        cut.WaitForAssertion(() => Assert.Equal("10.000", Input(cut, "tier-0-upTo").GetAttribute("value")));
        Assert.Equal(["Klein", "Mid-Market", "Enterprise"], cut.FindAll("[data-testid=tiers-form] h2").Select(h => h.TextContent));
        Assert.Contains("Dealgröße bis (EUR)", cut.Find("[data-testid=tier-0]").TextContent, StringComparison.Ordinal);

        Input(cut, "tier-1-upTo").Change("5000");
        Input(cut, "tiers-currency").Change("EURO");
        cut.Find("[data-testid=tiers-save]").Click();

        Assert.Equal("Muss über der Obergrenze der vorigen Stufe (10.000 €) liegen.", FieldMessage(cut, "tier-1-upTo"));
        Assert.StartsWith("„EURO“ ist kein ISO-4217-Währungscode", FieldMessage(cut, "tiers-currency"), StringComparison.Ordinal);
        Assert.False((await DraftAsync()).IsDraft);
    }

    private static string FieldMessage(IRenderedComponent<TiersSettings> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")!.TextContent.Trim();
}
