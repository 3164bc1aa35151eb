using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Playground;
using Microsoft.Extensions.DependencyInjection;
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
        Assert.Equal("Mid-Market", Fact(cut, "Deal tier"));
        Assert.Equal("Least loaded", Fact(cut, "Distribution"));
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
                Assert.Equal("Named account", Fact(cut, "Distribution"));
            },
            Patience);
    }

    [Fact]
    public void Typing_a_larger_deal_size_moves_the_lead_to_the_enterprise_tier_after_a_pause()
    {
        var cut = RenderPlayground();

        Field(cut, "Estimated deal size (EUR)").Input("80000");
        Assert.Equal("Mid-Market", Fact(cut, "Deal tier"));
        TypingPause();

        cut.WaitForAssertion(() => Assert.Equal("Enterprise", Fact(cut, "Deal tier")), Patience);
    }

    [Fact]
    public void Routing_time_outside_office_hours_skips_the_reps_who_are_off()
    {
        var cut = RenderPlayground();

        Field(cut, "Route at (Europe/Berlin)").Input("2026-11-28T17:00");

        cut.WaitForAssertion(
            () =>
            {
                Assert.Equal("Backup pool", Fact(cut, "Distribution"));
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

    [Fact]
    public void A_German_reader_sees_the_decision_and_the_trace_in_German_like_the_lead_page()
    {
        using var german = CultureScope.Of("de-DE");
        var cut = RenderPlayground();

        Assert.Equal("Routing-Spielwiese", cut.Find("h1").TextContent.Trim());
        Assert.Equal("Zugewiesen", cut.Find("[data-testid=status]").TextContent.Trim());
        Assert.Equal("Deal-Stufe", cut.Find("[data-fact='Deal tier'] .fact-label").TextContent.Trim());
        Assert.Equal("Mid-Market", Fact(cut, "Deal tier"));
        Assert.Equal("Geringste Auslastung", Fact(cut, "Distribution"));
        Assert.Equal("Mo. 30. Nov. 2026, 16:15", Fact(cut, "Respond by"));
        Assert.Equal("15 Min. nach Eingang", cut.Find("[data-fact='Respond by'] .fact-detail").TextContent.Trim());
        Assert.Contains("Version 1, veröffentlicht von system am", cut.Find("[data-testid=routed-with]").TextContent, StringComparison.Ordinal);
        var trace = cut.Find("[data-testid=trace]").TextContent;
        Assert.Contains("Warum diese Entscheidung", trace, StringComparison.Ordinal);
        Assert.Contains("Verteilung", trace, StringComparison.Ordinal);
        Assert.Contains("Kapazität erreicht (20/20)", trace, StringComparison.Ordinal);
        Assert.DoesNotContain("at capacity", trace, StringComparison.Ordinal);

        // The times the form reads are in the person's zone, and the labels say which.
        Assert.NotNull(TextField(cut, "Eingegangen am (Europe/Berlin)"));
        Assert.NotNull(TextField(cut, "Zuweisen am (Europe/Berlin)"));

        // Every preset has German words of its own.
        foreach (var preset in LeadPresets.All)
        {
            Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == preset.Name);
        }

        Assert.NotNull(Button(cut, "VIP-Empfehlung"));
    }

    [Fact]
    public void A_field_error_is_in_German_for_a_German_reader()
    {
        using var german = CultureScope.Of("de-DE");
        var cut = RenderPlayground();

        Field(cut, "Zuweisen am (Europe/Berlin)").Input("");

        cut.WaitForAssertion(() => Assert.Contains("Geben Sie Datum und Uhrzeit ein.", cut.Find("[data-testid=errors]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Contains("Der Lead kann noch nicht zugewiesen werden", cut.Find("[data-testid=errors]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_form_starts_in_the_persons_own_zone()
    {
        Services.GetRequiredService<LeadRouting.Web.Localization.PersonFormat>().Use(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), CultureInfo.GetCultureInfo("en-GB"));

        var cut = RenderPlayground();

        // Monday 15:00 UTC is 10:00 in New York.
        Assert.Equal("2026-11-30T10:00", Field(cut, "Route at (America/New_York)").GetAttribute("value"));
        Assert.Equal("Mon 30 Nov 2026, 10:15", Fact(cut, "Respond by"));
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
