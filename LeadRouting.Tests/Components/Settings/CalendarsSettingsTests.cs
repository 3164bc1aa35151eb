using Bunit;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;
using MudBlazor;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components.Settings;

/// <summary><c>/settings/calendars</c> over the running app's draft: list, edit into the draft, field messages, holidays, refused delete.</summary>
public sealed class CalendarsSettingsTests(LeadRoutingApiFactory app) : SettingsPageTestContext(app), IClassFixture<LeadRoutingApiFactory>
{
    [Fact]
    public async Task Lists_the_published_calendars_with_their_hours()
    {
        var published = await StartFromPublishedAsync();

        var cut = RenderPage<CalendarsSettings>();

        cut.WaitForAssertion(() => Assert.Equal(published.Configuration.Organisation.Calendars.Count, cut.FindAll("[data-testid=calendar-row]").Count));
        var berlin = cut.FindAll("tr").Single(tr => tr.TextContent.Contains("Berlin office", StringComparison.Ordinal)).TextContent;
        Assert.Contains("Europe/Berlin", berlin, StringComparison.Ordinal);
        Assert.Contains("Mon–Fri 09:00–18:00", berlin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_calendar_goes_to_the_draft_and_the_published_version_is_unchanged()
    {
        await StartFromPublishedAsync();
        var cut = RenderPage<CalendarsSettings>();
        cut.WaitForElement("[data-testid=calendar-row]");

        ClickInRow(cut, "calendar-row", "London office", "calendar-edit");
        Type(cut, "calendar-name", "London <office> & Dublin");
        Type(cut, "calendar-time-zone", "Europe/Dublin");
        Type(cut, "hours-end", "16:00");
        cut.Find("[data-testid=calendar-save]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=calendar-form]")));
        var london = (await LoadAsync()).Configuration.Organisation.Calendars.Single(c => c.Id == "london");
        Assert.Equal("London <office> & Dublin", london.Name);
        Assert.Equal("Europe/Dublin", london.TimeZone);
        Assert.Equal(new TimeOnly(16, 0), Assert.Single(london.Hours).End);
        Assert.Equal(5, london.Holidays.Count);

        var (_, live) = await NewestPublishedAsync();
        Assert.Equal("Europe/London", live.Organisation.Calendars.Single(c => c.Id == "london").TimeZone);
        cut.WaitForAssertion(() => Assert.Contains("London <office> & Dublin", cut.Find("[data-testid=calendars]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_time_zone_and_hours_ending_before_they_start_show_field_messages_and_nothing_is_saved()
    {
        await StartFromPublishedAsync();
        var cut = RenderPage<CalendarsSettings>();
        cut.WaitForElement("[data-testid=calendar-row]");

        ClickInRow(cut, "calendar-row", "Berlin office", "calendar-edit");
        Type(cut, "calendar-time-zone", "Mars/Olympus_Mons");
        Type(cut, "hours-end", "08:00");
        cut.Find("[data-testid=calendar-save]").Click();

        var form = cut.Find("[data-testid=calendar-form]").TextContent;
        Assert.Contains("'Mars/Olympus_Mons' is not a known time zone", form, StringComparison.Ordinal);
        Assert.Contains("Must be after the start (00:00 means midnight).", form, StringComparison.Ordinal);
        Assert.False((await LoadAsync()).IsDraft);
    }

    [Fact]
    public async Task Hours_ending_at_midnight_are_accepted()
    {
        await StartFromPublishedAsync();
        var cut = RenderPage<CalendarsSettings>();
        cut.WaitForElement("[data-testid=calendar-row]");

        ClickInRow(cut, "calendar-row", "New York office", "calendar-edit");
        Type(cut, "hours-end", "00:00");
        cut.Find("[data-testid=calendar-save]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=calendar-form]")));
        var hours = Assert.Single((await LoadAsync()).Configuration.Organisation.Calendars.Single(c => c.Id == "new-york").Hours);
        Assert.Equal(TimeOnly.MinValue, hours.End);
        Assert.Contains("Mon–Fri 08:30–24:00", cut.Find("[data-testid=calendars]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Holidays_are_added_and_removed_and_a_duplicate_is_refused_at_the_field()
    {
        await StartFromPublishedAsync();
        var cut = RenderPage<CalendarsSettings>();
        cut.WaitForElement("[data-testid=calendar-row]");
        ClickInRow(cut, "calendar-row", "Berlin office", "calendar-edit");

        Type(cut, "holiday-date", "2026-12-24");
        cut.Find("[data-testid=holiday-add]").Click();
        Assert.Contains("24 Dec 2026 is already a holiday.", cut.Find("[data-testid=calendar-form]").TextContent, StringComparison.Ordinal);

        Type(cut, "holiday-date", "2027-12-24");
        cut.Find("[data-testid=holiday-add]").Click();
        Assert.DoesNotContain("already a holiday", cut.Find("[data-testid=calendar-form]").TextContent, StringComparison.Ordinal);
        var firstChip = cut.FindAll("[data-testid=holiday]").First(c => c.TextContent.Contains("24 Dec 2026", StringComparison.Ordinal));
        firstChip.QuerySelector("button, .mud-chip-close-button")!.Click();
        cut.Find("[data-testid=calendar-save]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=calendar-form]")));
        var holidays = (await LoadAsync()).Configuration.Organisation.Calendars.Single(c => c.Id == "berlin").Holidays;
        Assert.Contains(new DateOnly(2027, 12, 24), holidays);
        Assert.DoesNotContain(new DateOnly(2026, 12, 24), holidays);
        Assert.Equal(holidays.Order(), holidays);
    }

    [Fact]
    public async Task Deleting_a_calendar_a_team_works_on_is_refused_naming_the_team()
    {
        await StartFromPublishedAsync();
        var cut = RenderPage<CalendarsSettings>();
        cut.WaitForElement("[data-testid=calendar-row]");

        ClickInRow(cut, "calendar-row", "Berlin office", "calendar-delete");

        var refusal = cut.WaitForElement("[data-testid=calendar-delete-refused]").TextContent;
        Assert.Contains("Calendar berlin is still used by 1 team (DACH Sales). Give them another calendar first.", refusal, StringComparison.Ordinal);
        Assert.False((await LoadAsync()).IsDraft);
    }

    [Fact]
    public async Task In_German_the_page_speaks_German_and_a_bad_time_zone_gets_a_German_message_under_its_field()
    {
        await StartFromPublishedAsync();
        using var german = CultureScope.Of("de-DE");
        var cut = RenderPage<CalendarsSettings>();
        cut.WaitForElement("[data-testid=calendar-row]");

        Assert.Equal("Kalender", cut.Find("h1").TextContent.Trim());
        var header = cut.Find("[data-testid=calendars] thead").TextContent;
        Assert.Contains("Geschäftszeiten pro Woche", header, StringComparison.Ordinal);
        Assert.Contains("Verwendet von", header, StringComparison.Ordinal);
        var berlin = cut.FindAll("tr").Single(tr => tr.TextContent.Contains("Berlin office", StringComparison.Ordinal)).TextContent;
        Assert.Contains("Mo–Fr 09:00–18:00", berlin, StringComparison.Ordinal);
        Assert.Contains("1 Team", berlin, StringComparison.Ordinal);

        ClickInRow(cut, "calendar-row", "Berlin office", "calendar-edit");
        Assert.Contains("Berlin office bearbeiten", cut.Find("[data-testid=calendar-form] h2").TextContent, StringComparison.Ordinal);
        Assert.Contains("24. Dez. 2026", cut.Find("[data-testid=holidays]").TextContent, StringComparison.Ordinal);
        Type(cut, "calendar-time-zone", "Mars/Olympus_Mons");
        Type(cut, "hours-end", "08:00");
        cut.Find("[data-testid=calendar-save]").Click();

        Assert.Equal(
            "„Mars/Olympus_Mons“ ist keine bekannte Zeitzone; verwenden Sie eine IANA-ID wie Europe/Berlin oder America/New_York.",
            FieldMessage(cut, "calendar-time-zone"));
        Assert.Equal("Muss nach dem Beginn liegen (00:00 bedeutet Mitternacht).", FieldMessage(cut, "hours-end"));
        Assert.False((await LoadAsync()).IsDraft);
    }

    [Fact]
    public async Task In_German_a_refused_delete_and_a_saved_edit_are_said_in_German()
    {
        await StartFromPublishedAsync();
        using var german = CultureScope.Of("de-DE");
        var cut = RenderPage<CalendarsSettings>();
        cut.WaitForElement("[data-testid=calendar-row]");

        ClickInRow(cut, "calendar-row", "Berlin office", "calendar-delete");
        Assert.Equal(
            "Kalender berlin wird noch verwendet von 1 Team (DACH Sales). Geben Sie ihnen zuerst einen anderen Kalender.",
            cut.WaitForElement("[data-testid=calendar-delete-refused]").TextContent.Trim());

        ClickInRow(cut, "calendar-row", "London office", "calendar-edit");
        Type(cut, "calendar-name", "London & Dublin");
        cut.Find("[data-testid=calendar-save]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=calendar-form]")));
        Assert.Contains("Im Entwurf gespeichert: Kalender london geändert", Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message));
        Assert.Equal("calendar london changed", await LastDraftAuditAsync()); // the log reads the same for everyone
    }

    private static string FieldMessage(IRenderedComponent<CalendarsSettings> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")!.TextContent.Trim();
}
