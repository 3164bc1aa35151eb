using Bunit;
using LeadRouting.Core.Configuration;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;
using MudBlazor;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components.Settings;

/// <summary><c>/settings/fallback</c>: the fallback chain reordered and switched into the draft, with a readable change line.</summary>
public sealed class FallbackSettingsTests(LeadRoutingApiFactory app) : SettingsPageTestContext(app)
{
    /// <summary>Whether the step is switched on, as the page says it (a step switched off reads "(not used)").</summary>
    private static bool Used(IRenderedComponent<FallbackSettings> cut, string step) =>
        !cut.Find($"[data-testid=fallback-step-{step}]").TextContent.Contains("(not used)", StringComparison.Ordinal);

    private static AngleSharp.Dom.IElement UseBox(IRenderedComponent<FallbackSettings> cut, string step) =>
        cut.Find($"input[data-testid=fallback-use-{step}], [data-testid=fallback-use-{step}] input");

    private static List<string> StepOrder(IRenderedComponent<FallbackSettings> cut) =>
        [.. cut.FindAll("[data-testid^=fallback-step-]").Select(e => e.GetAttribute("data-testid")!["fallback-step-".Length..])];

    [Fact]
    public async Task Renders_the_published_chain_between_the_first_choice_and_unassigned()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<FallbackSettings>();

        cut.WaitForAssertion(() => Assert.Equal(["OwnerBackup", "SegmentPool", "TeamBackupPool"], StepOrder(cut)));
        Assert.Contains("First choice", cut.Find("[data-testid=fallback-first]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Unassigned queue", cut.Find("[data-testid=fallback-last]").TextContent, StringComparison.Ordinal);
        Assert.All(StepOrder(cut), step => Assert.True(Used(cut, step)));
        Assert.Equal(
            "Chain: first choice → owner's backup → segment pool at the lead's tier → team backup pool → Unassigned",
            cut.Find("[data-testid=fallback-summary]").TextContent.Trim());
        Assert.True(cut.Find("[data-testid=fallback-up-OwnerBackup]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Reordering_and_switching_off_a_step_is_saved_to_the_draft_with_a_readable_change_line()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<FallbackSettings>();
        cut.WaitForAssertion(() => Assert.Equal(3, StepOrder(cut).Count));

        cut.Find("[data-testid=fallback-up-SegmentPool]").Click();
        UseBox(cut, "TeamBackupPool").Change(false);
        Assert.Equal(["SegmentPool", "OwnerBackup", "TeamBackupPool"], StepOrder(cut));
        Assert.Equal(
            "Chain: first choice → segment pool at the lead's tier → owner's backup → Unassigned",
            cut.Find("[data-testid=fallback-summary]").TextContent.Trim());
        cut.Find("[data-testid=fallback-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=draft-state]").TextContent.Trim()));
        Assert.Equal([FallbackStep.SegmentPool, FallbackStep.OwnerBackup], (await DraftAsync()).Configuration.Policy.Fallback);
        Assert.Equal(FallbackChain.Default, (await PublishedAsync()).Policy.Fallback);
        cut.WaitForAssertion(() => Assert.Contains(
            "policy.fallback: OwnerBackup, SegmentPool, TeamBackupPool → SegmentPool, OwnerBackup",
            cut.FindAll("[data-testid=draft-change]").Select(li => li.TextContent.Trim())));

        // The page shows the saved draft: the switched-off step stays listed, last and unchecked.
        Assert.Equal(["SegmentPool", "OwnerBackup", "TeamBackupPool"], StepOrder(cut));
        Assert.False(Used(cut, "TeamBackupPool"));
    }

    [Fact]
    public async Task Undo_changes_restores_the_document_s_chain()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<FallbackSettings>();
        cut.WaitForAssertion(() => Assert.Equal(3, StepOrder(cut).Count));

        cut.Find("[data-testid=fallback-down-OwnerBackup]").Click();
        Assert.Equal(["SegmentPool", "OwnerBackup", "TeamBackupPool"], StepOrder(cut));
        cut.Find("[data-testid=fallback-reset]").Click();

        Assert.Equal(["OwnerBackup", "SegmentPool", "TeamBackupPool"], StepOrder(cut));
        Assert.False((await DraftAsync()).IsDraft);
    }

    [Fact]
    public void The_form_keeps_switched_off_steps_after_the_chain_and_moves_within_bounds()
    {
        var policy = ConfigurationLoader.LoadDefault().Policy with { Fallback = [FallbackStep.TeamBackupPool] };
        var form = FallbackForm.From(policy);

        Assert.Equal([FallbackStep.TeamBackupPool, FallbackStep.OwnerBackup, FallbackStep.SegmentPool], form.Steps.Select(s => s.Step));
        Assert.Equal([FallbackStep.TeamBackupPool], form.Chain);

        form.MoveUp(0);
        form.MoveDown(2);
        form.Steps[2].Enabled = true;
        form.MoveUp(2);

        Assert.Equal([FallbackStep.TeamBackupPool, FallbackStep.SegmentPool], form.Chain);
        Assert.Equal("fallback chain: team backup pool → segment pool at the lead's tier → Unassigned", form.Summary(Messages));
    }

    [Fact]
    public async Task In_German_the_steps_the_chain_and_the_saved_message_speak_German()
    {
        await StartWithoutDraftAsync();
        using var german = CultureScope.Of("de-DE");
        var cut = RenderPage<FallbackSettings>();
        cut.WaitForAssertion(() => Assert.Equal(3, StepOrder(cut).Count));

        Assert.Equal("Fallback-Kette", cut.Find("h1").TextContent.Trim());
        Assert.Contains("Erste Wahl", cut.Find("[data-testid=fallback-first]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Backup des Verantwortlichen", cut.Find("[data-testid=fallback-step-OwnerBackup]").TextContent, StringComparison.Ordinal);
        Assert.Equal(
            "Kette: erste Wahl → Backup des Verantwortlichen → Segment-Pool auf der Deal-Stufe des Leads → Backup-Pool des Teams → nicht zugewiesen",
            cut.Find("[data-testid=fallback-summary]").TextContent.Trim());

        UseBox(cut, "TeamBackupPool").Change(false);
        cut.Find("[data-testid=fallback-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Entwurf", cut.Find("[data-testid=draft-state]").TextContent.Trim()));
        Assert.Contains(
            "Im Entwurf gespeichert: Fallback-Kette: Backup des Verantwortlichen → Segment-Pool auf der Deal-Stufe des Leads → Nicht zugewiesen",
            Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message));
        await StartWithoutDraftAsync();
    }
}
