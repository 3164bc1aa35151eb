using AngleSharp.Dom;
using Bunit;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;
using MudBlazor;

namespace LeadRouting.Tests.Components.Settings;

/// <summary><c>/settings/segments</c> over the running app's configuration: order, edit, delete, and the preview of the draft.</summary>
public sealed class SegmentsSettingsTests(LeadRoutingApiFactory app) : SettingsPageTestContext(app)
{
    private static readonly string[] DemoOrder = ["dach-enterprise", "dach", "uki-fin", "uki", "na", "events-emea", "catch-all"];

    [Fact]
    public async Task Renders_the_published_segments_in_priority_order_with_the_catch_all_marked()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<SegmentsSettings>();

        cut.WaitForAssertion(() => Assert.Equal(DemoOrder, ShownIds(cut)));
        Assert.Contains("1,000+ employees", Row(cut, "dach-enterprise").TextContent, StringComparison.Ordinal);
        Assert.Contains("DACH Sales", Row(cut, "dach-enterprise").TextContent, StringComparison.Ordinal);
        Assert.NotNull(Row(cut, "catch-all").QuerySelector("[data-testid=catch-all]"));
        Assert.Null(Row(cut, "na").QuerySelector("[data-testid=catch-all]"));
        Assert.Equal("Live · version 1", cut.Find("[data-testid=draft-state]").TextContent.Trim());
    }

    [Fact]
    public async Task An_edit_is_saved_to_the_draft_and_shown_as_text_while_the_published_version_is_unchanged()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<SegmentsSettings>();
        cut.WaitForAssertion(() => Assert.Equal(DemoOrder, ShownIds(cut)));

        Row(cut, "uki").QuerySelector("[data-testid=segment-edit]")!.Click();
        Input(cut, "segment-name").Change("UK <b>& Ireland</b>");
        Input(cut, "segment-min").Change("50");
        cut.Find("[data-testid=segment-save]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=segment-form]")));
        var draft = await DraftAsync();
        Assert.True(draft.IsDraft);
        var edited = draft.Configuration.Organisation.Segments.Single(s => s.Id.Value == "uki");
        Assert.Equal("UK <b>& Ireland</b>", edited.Name);
        Assert.Equal(50, edited.MinEmployees);
        Assert.Equal(["UKI"], edited.Regions);
        // Only what the person changed: no other segment is renumbered, and the change list names nothing else.
        Assert.Equal((await PublishedAsync()).Organisation.Segments.Select(s => s.Priority), draft.Configuration.Organisation.Segments.Select(s => s.Priority));
        Assert.All(await Drafts.DraftChangesAsync(draft, CancellationToken.None), c => Assert.Contains("[uki]", c.Path, StringComparison.Ordinal));
        Assert.Equal("UK & Ireland", (await PublishedAsync()).Organisation.Segments.Single(s => s.Id.Value == "uki").Name);

        cut.WaitForAssertion(() => Assert.Contains("UK <b>& Ireland</b>", Row(cut, "uki").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("tr b"));
        Assert.Equal("Draft", cut.Find("[data-testid=draft-state]").TextContent.Trim());
    }

    [Fact]
    public async Task A_maximum_below_the_minimum_shows_its_field_message_and_nothing_is_saved()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<SegmentsSettings>();
        cut.WaitForAssertion(() => Assert.Equal(DemoOrder, ShownIds(cut)));

        Row(cut, "dach-enterprise").QuerySelector("[data-testid=segment-edit]")!.Click();
        Input(cut, "segment-max").Change("500");
        Input(cut, "segment-countries").Change("DE, XX");
        cut.Find("[data-testid=segment-save]").Click();

        Assert.Contains("At least the minimum (1,000).", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Not an ISO country code: XX.", cut.Markup, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=segment-form]"));
        Assert.False((await DraftAsync()).IsDraft);
    }

    [Fact]
    public async Task Deleting_the_last_catch_all_is_refused_with_a_message_and_another_segment_can_be_deleted()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<SegmentsSettings>();
        cut.WaitForAssertion(() => Assert.Equal(DemoOrder, ShownIds(cut)));

        Row(cut, "catch-all").QuerySelector("[data-testid=segment-delete]")!.Click();

        Assert.Contains("last catch-all", cut.Find("[data-testid=segment-list-error]").TextContent, StringComparison.Ordinal);
        Assert.False((await DraftAsync()).IsDraft);

        Row(cut, "events-emea").QuerySelector("[data-testid=segment-delete]")!.Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain("events-emea", ShownIds(cut)));
        var segments = (await DraftAsync()).Configuration.Organisation.Segments;
        Assert.Equal(DemoOrder.Where(id => id != "events-emea"), segments.Select(s => s.Id.Value));
        Assert.Equal(
            (await PublishedAsync()).Organisation.Segments.Where(s => s.Id.Value != "events-emea").Select(s => s.Priority),
            segments.Select(s => s.Priority));
    }

    [Fact]
    public async Task Giving_the_only_catch_all_criteria_is_refused_at_the_field()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<SegmentsSettings>();
        cut.WaitForAssertion(() => Assert.Equal(DemoOrder, ShownIds(cut)));

        Row(cut, "catch-all").QuerySelector("[data-testid=segment-edit]")!.Click();
        Assert.NotEmpty(cut.FindAll("[data-testid=segment-catch-all-note]"));
        Input(cut, "segment-industries").Change("Software");
        cut.Find("[data-testid=segment-save]").Click();

        Assert.Contains("only catch-all", cut.Find("[data-testid=segment-criteria-error]").TextContent, StringComparison.Ordinal);
        Assert.False((await DraftAsync()).IsDraft);
    }

    [Fact]
    public async Task Moving_a_segment_up_reorders_the_draft_and_the_preview_routes_to_its_team_while_the_published_version_does_not()
    {
        await StartWithoutDraftAsync();
        // A draft with "Germany → North America" just below DACH: a German lead still reaches DACH first.
        await SaveDraftAsync(config =>
        {
            var ordered = SegmentList.Ordered(config).ToList();
            ordered.Insert(2, new Segment { Id = new SegmentId("de-na"), Name = "Germany to NA", Priority = 0, Team = new TeamId("na"), Countries = ["DE"] });
            return SegmentList.WithOrder(config, ordered);
        });
        var cut = RenderPage<SegmentsSettings>();
        cut.WaitForAssertion(() => Assert.Equal("de-na", ShownIds(cut)[2]));
        cut.Find("[data-testid=preview-route]").Click();
        cut.WaitForAssertion(() => Assert.Equal(("DACH Sales", "DACH Sales"), PreviewRow(cut, "team")));

        Row(cut, "de-na").QuerySelector("[data-testid=segment-up]")!.Click();

        cut.WaitForAssertion(() => Assert.Equal(("North America Sales", "DACH Sales"), PreviewRow(cut, "team")));
        Assert.Equal(("Germany to NA", "DACH"), PreviewRow(cut, "segment"));
        Assert.Equal("The draft routes this lead differently.", cut.Find("[data-testid=preview-verdict]").TextContent.Trim());
        Assert.Equal(["dach-enterprise", "de-na", "dach"], ShownIds(cut).Take(3));
        var draft = (await DraftAsync()).Configuration.Organisation.Segments;
        Assert.Equal(["dach-enterprise", "de-na", "dach"], draft.Take(3).Select(s => s.Id.Value));
        // The moved segment takes a priority between its new neighbours; the others keep theirs.
        var priority = draft.ToDictionary(s => s.Id.Value, s => s.Priority);
        Assert.InRange(priority["de-na"], priority["dach-enterprise"], priority["dach"]);
        Assert.All((await PublishedAsync()).Organisation.Segments, s => Assert.Equal(s.Priority, priority[s.Id.Value]));
        Assert.DoesNotContain((await PublishedAsync()).Organisation.Segments, s => s.Id.Value == "de-na");
    }

    [Fact]
    public async Task A_new_segment_goes_above_the_catch_all_and_the_search_finds_it()
    {
        await StartWithoutDraftAsync();
        var cut = RenderPage<SegmentsSettings>();
        cut.WaitForAssertion(() => Assert.Equal(DemoOrder, ShownIds(cut)));

        cut.Find("[data-testid=segment-new]").Click();
        Assert.Equal("7", Input(cut, "segment-position").GetAttribute("value"));
        Input(cut, "segment-id").Change("nordics");
        Input(cut, "segment-name").Change("Nordics");
        Input(cut, "segment-countries").Change("se, dk, no, fi");
        cut.Find("[data-testid=segment-save]").Click();
        Assert.Contains("Choose the team that owns this segment", cut.Markup, StringComparison.Ordinal);
        Assert.False((await DraftAsync()).IsDraft);

        var team = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Owning team");
        await cut.InvokeAsync(() => team.Instance.SelectOption("inbound"));
        cut.Find("[data-testid=segment-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal([.. DemoOrder[..6], "nordics", "catch-all"], ShownIds(cut)));
        var saved = (await DraftAsync()).Configuration.Organisation.Segments.Single(s => s.Id.Value == "nordics");
        Assert.Equal(["SE", "DK", "NO", "FI"], saved.Countries);
        var priorities = (await DraftAsync()).Configuration.Organisation.Segments.ToDictionary(s => s.Id.Value, s => s.Priority);
        Assert.InRange(saved.Priority, priorities[DemoOrder[5]], priorities["catch-all"]);
        Assert.All((await PublishedAsync()).Organisation.Segments, s => Assert.Equal(s.Priority, priorities[s.Id.Value]));

        cut.Find("input[data-testid=segment-search], [data-testid=segment-search] input").Input("DK");
        cut.WaitForAssertion(() => Assert.Equal(["nordics"], ShownIds(cut)));
    }

    private static List<string> ShownIds(IRenderedComponent<SegmentsSettings> cut) =>
        [.. cut.FindAll("[data-testid=segment-row] code").Select(c => c.TextContent)];

    private static IElement Row(IRenderedComponent<SegmentsSettings> cut, string id) =>
        cut.FindAll("tr").Single(tr => tr.QuerySelector("[data-testid=segment-row] code")?.TextContent == id);

    [Fact]
    public async Task In_German_the_list_and_the_form_speak_German_with_German_numbers()
    {
        await StartWithoutDraftAsync();
        using var german = CultureScope.Of("de-DE");
        var cut = RenderPage<SegmentsSettings>();
        cut.WaitForElement("[data-testid=segment-row]");

        Assert.Equal("Segmente", cut.Find("h1").TextContent.Trim());
        Assert.Contains("ab 1.000 Mitarbeiter", cut.Find("[data-testid=segments]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Jeder Lead (Auffangsegment)", cut.Find("[data-testid=segments]").TextContent, StringComparison.Ordinal);
        Assert.EndsWith("Segmente", cut.Find("[data-testid=segment-count]").TextContent.Trim(), StringComparison.Ordinal);

        cut.Find("[data-testid=segment-new]").Click();
        Input(cut, "segment-countries").Change("DE, XX");
        Input(cut, "segment-min").Change("500");
        Input(cut, "segment-max").Change("100");
        cut.Find("[data-testid=segment-save]").Click();

        var form = cut.Find("[data-testid=segment-form]").TextContent;
        Assert.Contains("Kein ISO-Ländercode: XX.", form, StringComparison.Ordinal);
        Assert.Contains("Mindestens das Minimum (500).", form, StringComparison.Ordinal);
        Assert.Contains("Wählen Sie das Team, dem die Leads dieses Segments gehören.", form, StringComparison.Ordinal);
        Assert.Contains("Geben Sie eine ID an (sie ist später nicht änderbar).", form, StringComparison.Ordinal);
    }
}
