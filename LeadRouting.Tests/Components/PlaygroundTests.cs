using AngleSharp.Dom;
using Bunit;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Playground;
using MudBlazor;

namespace LeadRouting.Tests.Components;

/// <summary>The playground over the app's published version 1 (demo organisation) and the demo reps' live states.</summary>
public sealed class PlaygroundTests(LeadRoutingApiFactory app) : LivePreviewTestContext(app)
{
    /// <summary>
    /// Text fields route 250 ms after the last keystroke. MudBlazor's debounce runs on the injected
    /// <see cref="TimeProvider"/>, so a test moves the fake clock instead of waiting.
    /// </summary>
    private void TypingPause() => Time.Advance(TimeSpan.FromMilliseconds(Playground.DebounceMilliseconds));

    /// <summary>The debounced update finishes on the thread pool; on a busy two-core machine that can take a moment.</summary>
    private static readonly TimeSpan Patience = Eventually.DefaultTimeout;

    /// <summary>Renders the page and waits for its first preview (it reads the database, so it may finish after the first render).</summary>
    private IRenderedComponent<Playground> RenderPlayground()
    {
        var cut = RenderPage<Playground>();
        cut.WaitForElement("[data-testid=decision]", Patience);
        return cut;
    }

    [Fact]
    public void Renders_the_default_lead_with_its_decision_and_trace()
    {
        var cut = RenderPlayground();

        Assert.Equal("Assigned", cut.Find("[data-testid=status]").TextContent.Trim());
        Assert.Contains("David Wagner", cut.Find("[data-testid=owner]").TextContent, StringComparison.Ordinal);
        Assert.Equal("MidMarket", Fact(cut, "Deal tier"));
        Assert.Equal("LeastLoaded", Fact(cut, "Distribution"));
        Assert.Equal("Mon 30 Nov 2026, 16:15", Fact(cut, "Respond by"));
        var trace = cut.Find("[data-testid=trace]").TextContent;
        Assert.Contains("Distribution", trace, StringComparison.Ordinal);
        Assert.Contains("Clara Fischer", trace, StringComparison.Ordinal);
        Assert.Contains("at capacity 20/20", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void Typing_an_email_of_a_named_account_routes_to_its_owner()
    {
        var cut = RenderPlayground();

        Field(cut, "Email").Input("markus.braun@contoso.de");
        TypingPause();

        cut.WaitForAssertion(
            () =>
            {
                Assert.Contains("Friedrich Köhler", cut.Find("[data-testid=owner]").TextContent, StringComparison.Ordinal);
                Assert.Equal("NamedAccount", Fact(cut, "Distribution"));
            },
            Patience);
    }

    [Fact]
    public void Typing_a_larger_deal_size_moves_the_lead_to_the_enterprise_tier_after_a_pause()
    {
        var cut = RenderPlayground();

        Field(cut, "Estimated deal size (EUR)").Input("80000");
        Assert.Equal("MidMarket", Fact(cut, "Deal tier"));
        TypingPause();

        cut.WaitForAssertion(() => Assert.Equal("Enterprise", Fact(cut, "Deal tier")), Patience);
    }

    [Fact]
    public void Routing_time_outside_office_hours_skips_the_reps_who_are_off()
    {
        var cut = RenderPlayground();

        Field(cut, "Route at").Input("2026-11-28T17:00");

        cut.WaitForAssertion(
            () =>
            {
                Assert.Equal("BackupPool", Fact(cut, "Distribution"));
                Assert.Contains("outside working hours", cut.Find("[data-testid=trace]").TextContent, StringComparison.Ordinal);
            },
            Patience);
    }

    [Fact]
    public void Preset_button_routes_its_lead()
    {
        var cut = RenderPlayground();

        Button(cut, "VIP referral").Click();

        cut.WaitForAssertion(
            () =>
            {
                Assert.Equal("Manual review", cut.Find("[data-testid=status]").TextContent.Trim());
                Assert.Contains("Manual review queue", cut.Find("[data-testid=owner]").TextContent, StringComparison.Ordinal);
            },
            Patience);
    }

    [Fact]
    public void Invalid_field_shows_its_error_inline_instead_of_a_decision()
    {
        var cut = RenderPlayground();

        Field(cut, "Email").Input("not-an-email");
        TypingPause();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=decision]")), Patience);

        // Leaving the field runs MudBlazor's own validation, which must not wipe the error the page passed in.
        Field(cut, "Email").Blur();

        const string message = "'not-an-email' is not a valid email address.";
        cut.WaitForAssertion(
            () =>
            {
                Assert.Contains(message, cut.Find("[data-testid=errors]").TextContent, StringComparison.Ordinal);
                var field = TextField(cut, "Email");
                Assert.NotEmpty(field.FindAll(".mud-input-error"));
                Assert.Contains(message, field.Find(".mud-input-helper-text").TextContent, StringComparison.Ordinal);
            },
            Patience);
    }

    [Fact]
    public void Lead_name_with_markup_is_rendered_as_text()
    {
        var cut = RenderPlayground();

        Field(cut, "First name").Input("<script>alert(1)</script>");
        TypingPause();

        cut.WaitForAssertion(
            () => Assert.StartsWith("<script>alert(1)</script> Richter", cut.Find("[data-testid=lead-summary]").TextContent, StringComparison.Ordinal),
            Patience);
        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Added_signal_counts_towards_intent()
    {
        var cut = RenderPlayground();
        Button(cut, "Newsletter, weak fit").Click();
        cut.WaitForAssertion(() => Assert.Equal("Low", Fact(cut, "Intent")), Patience);

        // A new signal row is a pricing page visit a day before routing: High intent.
        Button(cut, "Add signal").Click();

        cut.WaitForAssertion(() => Assert.Equal("High", Fact(cut, "Intent")), Patience);
    }

    private static string Fact(IRenderedComponent<Playground> cut, string label) =>
        cut.Find($"[data-fact='{label}'] .fact-value").TextContent.Trim();

    private static IElement Button(IRenderedComponent<Playground> cut, string text) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static IRenderedComponent<MudTextField<string>> TextField(IRenderedComponent<Playground> cut, string label) =>
        cut.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == label);

    /// <summary>The input element of the text or numeric field with this label.</summary>
    private static IElement Field(IRenderedComponent<Playground> cut, string label) =>
        cut.FindComponents<MudTextField<string>>().SingleOrDefault(f => f.Instance.Label == label)?.Find("input")
        ?? cut.FindComponents<MudNumericField<decimal?>>().Single(f => f.Instance.Label == label).Find("input");
}
