using Bunit;
using LeadRouting.Core.Routing;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;
using MudBlazor;

namespace LeadRouting.Tests.Components.Settings;

/// <summary><c>/settings/matrix</c>: the intent × fit grid and the intent rules, edited into the draft and previewed.</summary>
public sealed class MatrixSettingsTests(LeadRoutingApiFactory app) : SettingsPageTestContext(app)
{
    [Fact]
    public async Task Renders_the_published_matrix_as_intent_rows_by_fit_columns()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<MatrixSettings>();

        cut.WaitForAssertion(() => Assert.Equal("Senior AE, immediate", Action(cut, "High", "Strong")));
        Assert.Equal("SDR qualifies first", Action(cut, "High", "Weak"));
        Assert.Equal("SDR fast track", Action(cut, "Medium", "Strong"));
        Assert.Equal("Nurture or disqualify", Action(cut, "Low", "Weak"));
        Assert.Equal("HighIntentMql", cut.Find("[data-testid=cell-Medium-Strong]").QuerySelectorAll("input")[1].GetAttribute("value"));
        Assert.Equal("1", Input(cut, "cell-Medium-Strong-queuePriority").GetAttribute("value"));
        Assert.Equal(["High intent", "Medium intent", "Low intent"], cut.FindAll("[data-testid=matrix] tbody th").Select(th => th.TextContent));
        Assert.Equal("30", Input(cut, "intent-window").GetAttribute("value"));
        Assert.Equal(10, cut.FindAll("[data-testid=intent-rule]").Count);
    }

    [Fact]
    public async Task High_intent_strong_fit_changed_to_sdr_qualify_goes_to_the_draft_and_the_preview_shows_the_difference()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<MatrixSettings>();
        cut.WaitForAssertion(() => Assert.Equal("Senior AE, immediate", Action(cut, "High", "Strong")));
        cut.Find("[data-testid=preview-route]").Click();
        cut.WaitForAssertion(() => Assert.Equal(("Senior AE, immediate", "Senior AE, immediate"), PreviewRow(cut, "action")));

        // The grid renders High × Strong first.
        var highStrong = cut.FindComponents<MudSelect<TreatmentAction>>()[0];
        await cut.InvokeAsync(() => highStrong.Instance.SelectOption(TreatmentAction.SdrQualify));
        cut.Find("[data-testid=matrix-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal(("SDR qualifies first", "Senior AE, immediate"), PreviewRow(cut, "action")));
        Assert.Equal("The draft routes this lead differently.", cut.Find("[data-testid=preview-verdict]").TextContent.Trim());
        var draft = (await DraftAsync()).Configuration.Policy.Matrix.Single(r => r.Intent == Intent.High && r.Fit == Fit.Strong);
        Assert.Equal(TreatmentAction.SdrQualify, draft.Action);
        Assert.True(draft.Immediate);
        var published = (await PublishedAsync()).Policy.Matrix.Single(r => r.Intent == Intent.High && r.Fit == Fit.Strong);
        Assert.Equal(TreatmentAction.AeImmediate, published.Action);
        Assert.Equal("SDR qualifies first", Action(cut, "High", "Strong"));
    }

    [Fact]
    public async Task Bad_cells_show_their_field_messages_and_nothing_is_saved()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<MatrixSettings>();
        cut.WaitForAssertion(() => Assert.Equal("Senior AE, immediate", Action(cut, "High", "Strong")));

        Input(cut, "cell-High-Weak-queuePriority").Change("500");
        Input(cut, "cell-Medium-Weak-immediate").Change(true);
        cut.Find("[data-testid=matrix-save]").Click();

        Assert.Contains("Between 0 and 100.", cut.Find("[data-testid=cell-High-Weak]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Only actions that hand the lead to a rep can be immediate.", cut.Find("[data-testid=cell-Medium-Weak-immediate-error]").TextContent);
        Assert.False((await DraftAsync()).IsDraft);
    }

    [Fact]
    public async Task Intent_rules_validate_the_window_and_save_to_the_draft()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<MatrixSettings>();
        cut.WaitForAssertion(() => Assert.Equal("30", Input(cut, "intent-window").GetAttribute("value")));

        Input(cut, "intent-window").Change("0");
        Input(cut, "rule-4-minCount").Change("0");
        cut.Find("[data-testid=intent-save]").Click();

        Assert.Contains("Between 1 and 3,650.", cut.Find("[data-testid=intent-form]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Between 1 and 1,000.", cut.Find("[data-testid=intent-form]").TextContent, StringComparison.Ordinal);
        Assert.False((await DraftAsync()).IsDraft);

        Input(cut, "intent-window").Change("14");
        Input(cut, "rule-4-minCount").Change("3");
        cut.FindAll("[data-testid=rule-remove]")[9].Click();
        cut.Find("[data-testid=intent-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=draft-state]").TextContent.Trim()));
        var draft = (await DraftAsync()).Configuration.Policy.Intent;
        Assert.Equal(14, draft.SignalWindowDays);
        Assert.Equal(9, draft.Rules.Count);
        Assert.Equal(3, draft.Rules[4].MinCount);
        Assert.Equal(30, (await PublishedAsync()).Policy.Intent.SignalWindowDays);
    }

    private static string? Action(IRenderedComponent<MatrixSettings> cut, string intent, string fit) =>
        cut.Find($"[data-testid=cell-{intent}-{fit}]").QuerySelector("input")!.GetAttribute("value");
}
