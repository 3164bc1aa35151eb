using System.Security.Claims;
using Bunit;
using LeadRouting.Core.Routing;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Data;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components.Settings;

/// <summary><c>/settings/reps</c> over the running app's draft: edit to the draft, field messages, publish, live availability.</summary>
public sealed class RepsSettingsTests : SettingsPageTestContext
{
    private readonly LeadRoutingApiFactory _app;
    private readonly ConfigurationDrafts _drafts;

    public RepsSettingsTests(LeadRoutingApiFactory app)
        : base(app)
    {
        _app = app;
        _drafts = Drafts;
        Services.AddSingleton(app.Services.GetRequiredService<RepAvailabilityService>());
        Services.AddSingleton(app.Services.GetRequiredService<RepCalendarFeeds>());

        // The fixture's database is shared by this class's tests: each starts without a draft.
        _drafts.DiscardAsync(TestOps, CancellationToken.None).GetAwaiter().GetResult();
    }

    private IRenderedComponent<RepsSettings> Open()
    {
        var cut = RenderPage<RepsSettings>();
        cut.WaitForElement("[data-testid=reps]");
        return cut;
    }

    private static void Edit(IRenderedComponent<RepsSettings> cut, string repId) =>
        cut.FindAll("[data-testid=reps] tbody tr").Single(r => r.TextContent.Contains(repId, StringComparison.Ordinal))
            .QuerySelector("[data-testid=rep-edit]")!.Click();

    private static void Type(IRenderedComponent<RepsSettings> cut, string testId, string value) =>
        cut.Find($"[data-testid={testId}] input, input[data-testid={testId}]").Change(value);

    [Fact]
    public void Lists_the_published_reps_with_team_level_and_load()
    {
        var cut = Open();

        var clara = cut.FindAll("[data-testid=reps] tbody tr").Single(r => r.TextContent.Contains("dach-mid-1", StringComparison.Ordinal));
        Assert.Contains("Clara Fischer", clara.TextContent, StringComparison.Ordinal);
        Assert.Contains("Mid-level AE", clara.TextContent, StringComparison.Ordinal);
        Assert.Contains("DACH", clara.TextContent, StringComparison.Ordinal);
        Assert.Contains("Live · version", cut.Find("[data-testid=draft-state]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_goes_to_the_draft_and_publish_makes_it_a_version()
    {
        var cut = Open();
        Edit(cut, "dach-mid-1");
        Type(cut, "rep-weight", "5");
        Type(cut, "rep-capacity", "30");
        cut.Find("[data-testid=rep-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=draft-state]").TextContent.Trim()));
        Assert.Equal(
            ["Clara Fischer: capacity 20 → 30", "Clara Fischer: weight 1 → 5"],
            cut.FindAll("[data-testid=draft-change]").Select(li => li.TextContent).Order(StringComparer.Ordinal));
        var draft = await _drafts.LoadAsync(CancellationToken.None);
        var clara = draft.Configuration.Organisation.Reps.Single(r => r.Id.Value == "dach-mid-1");
        Assert.Equal((5, 30), (clara.Weight, clara.Capacity));
        var live = await _app.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None);
        Assert.Equal(20, live.Engine.Organisation.FindRep(clara.Id)!.Rep.Capacity);

        DraftBar.Publish(cut, "Clara takes more leads");

        cut.WaitForAssertion(() => Assert.StartsWith("Live · version", cut.Find("[data-testid=draft-state]").TextContent.Trim(), StringComparison.Ordinal));
        live = await _app.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None);
        Assert.Equal(30, live.Engine.Organisation.FindRep(clara.Id)!.Rep.Capacity);
    }

    [Fact]
    public void In_German_the_form_the_table_the_draft_bar_and_the_change_list_speak_German()
    {
        using var german = CultureScope.Of("de-DE");
        var cut = Open();

        Assert.Equal("Vertriebsmitarbeiter", cut.Find("h1").TextContent.Trim());
        Assert.StartsWith("Live · Version", cut.Find("[data-testid=draft-state]").TextContent.Trim(), StringComparison.Ordinal);
        var header = cut.Find("[data-testid=reps] thead").TextContent;
        Assert.Contains("Auslastung / Kapazität", header, StringComparison.Ordinal);
        Assert.Contains("Verfügbarkeit", header, StringComparison.Ordinal);
        Assert.Contains("Lead-Vorschau", cut.Find("[data-testid=preview-box]").TextContent, StringComparison.Ordinal);

        Edit(cut, "dach-mid-1");
        var form = cut.Find("[data-testid=rep-form]").TextContent;
        Assert.Contains("Clara Fischer bearbeiten", form, StringComparison.Ordinal);
        Assert.Contains("Kapazität", form, StringComparison.Ordinal);
        Assert.Contains("Im Entwurf speichern", form, StringComparison.Ordinal);
        Type(cut, "rep-capacity", "30");
        cut.Find("[data-testid=rep-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Entwurf", cut.Find("[data-testid=draft-state]").TextContent.Trim()));
        Assert.Equal(["Clara Fischer: Kapazität 20 → 30"], cut.FindAll("[data-testid=draft-change]").Select(li => li.TextContent));
        Assert.Contains("1 Änderung gegenüber Version", cut.Find("[data-testid=draft-changes]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Entwurf verwerfen", cut.Find("[data-testid=discard-draft]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_values_get_messages_under_their_fields_and_nothing_is_saved()
    {
        var cut = Open();
        cut.Find("[data-testid=rep-new]").Click();
        Type(cut, "rep-id", "Dach Mid 9");
        Type(cut, "rep-email", "not-an-email");
        Type(cut, "rep-weight", "0");
        Type(cut, "rep-capacity", "20000");
        cut.Find("[data-testid=rep-save]").Click();

        var form = cut.Find("[data-testid=rep-form]").TextContent;
        Assert.Contains("Use lowercase letters, digits and dashes", form, StringComparison.Ordinal);
        Assert.Contains("Required.", form, StringComparison.Ordinal);
        Assert.Contains("Enter an email address", form, StringComparison.Ordinal);
        Assert.Contains("Between 1 and 100.", form, StringComparison.Ordinal);
        Assert.Contains("Between 0 and 10,000.", form, StringComparison.Ordinal);
        Assert.Contains("Choose the rep's team.", form, StringComparison.Ordinal);
        Assert.False((await _drafts.LoadAsync(CancellationToken.None)).IsDraft);
    }

    [Fact]
    public async Task A_new_rep_with_markup_in_the_name_is_added_and_shown_as_text()
    {
        var cut = Open();
        cut.Find("[data-testid=rep-new]").Click();
        Type(cut, "rep-id", "dach-mid-9");
        Type(cut, "rep-name", "<script>alert(1)</script> Łukasz \"Ł\" 渡辺");
        await cut.InvokeAsync(() => cut.FindComponents<MudBlazor.MudSelect<string>>()
            .Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "rep-team")).Instance.ValueChanged.InvokeAsync("dach"));
        cut.Find("[data-testid=rep-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=draft-state]").TextContent.Trim()));
        var added = (await _drafts.LoadAsync(CancellationToken.None)).Configuration.Organisation.Reps.Single(r => r.Id.Value == "dach-mid-9");
        Assert.Equal("<script>alert(1)</script> Łukasz \"Ł\" 渡辺", added.Name);
        cut.Find("[data-testid=rep-search] input, input[data-testid=rep-search]").Input("dach-mid-9");
        cut.WaitForAssertion(() => Assert.Contains("<script>alert(1)</script> Łukasz \"Ł\" 渡辺", cut.Find("[data-testid=reps] tbody tr").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=reps] script"));
    }

    [Fact]
    public async Task Availability_applies_at_once_without_a_draft_and_is_audited()
    {
        var cut = Open();
        Edit(cut, "uki-mid-1");
        await cut.InvokeAsync(() => cut.FindComponents<MudBlazor.MudSelect<Availability>>().Single().Instance.ValueChanged.InvokeAsync(Availability.Away));
        cut.Find("[data-testid=rep-set-availability]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Away",
            cut.FindAll("[data-testid=reps] tbody tr").Single(r => r.TextContent.Contains("uki-mid-1", StringComparison.Ordinal)).TextContent,
            StringComparison.Ordinal));
        Assert.False((await _drafts.LoadAsync(CancellationToken.None)).IsDraft);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(Availability.Away, (await db.RepStates.SingleAsync(r => r.RepId == "uki-mid-1")).Availability);
        Assert.Contains(await db.AuditEvents.Where(e => e.Type == "RepAvailabilityChanged").Select(e => e.Detail).ToListAsync(), d => d.StartsWith("uki-mid-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_calendar_feed_address_is_saved_at_once_and_shown_masked_only()
    {
        const string url = "https://calendar.google.com/calendar/ical/clara/private-0a1b2c3d4e5f/basic.ics";
        var cut = Open();
        Edit(cut, "dach-sr-1");
        Type(cut, "rep-feed-url", url);
        cut.Find("[data-testid=rep-feed-save]").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("Saved: https://calendar.google.com/…", cut.Find("[data-testid=rep-feed-current]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("private-0a1b2c3d4e5f", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("not fetched yet", cut.Find("[data-testid=rep-feed-current]").TextContent, StringComparison.Ordinal);
        Assert.False((await _drafts.LoadAsync(CancellationToken.None)).IsDraft);
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(url, (await db.RepCalendarFeeds.SingleAsync(f => f.RepId == "dach-sr-1")).Url);
        }

        cut.Find("[data-testid=rep-feed-remove]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=rep-feed-current]")));
    }

    [Fact]
    public void A_calendar_feed_over_plain_http_is_refused_with_the_reason()
    {
        var cut = Open();
        Edit(cut, "dach-sr-1");
        Type(cut, "rep-feed-url", "http://calendar.example.com/feed.ics");
        cut.Find("[data-testid=rep-feed-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("The address must start with https:// (the secret address would travel readable).", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=rep-feed-current]"));
    }

    [Fact]
    public async Task Out_of_office_without_a_return_date_is_refused_with_the_reason()
    {
        var cut = Open();
        Edit(cut, "uki-mid-1");
        await cut.InvokeAsync(() => cut.FindComponents<MudBlazor.MudSelect<Availability>>().Single().Instance.ValueChanged.InvokeAsync(Availability.OutOfOffice));
        cut.Find("[data-testid=rep-set-availability]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Out of office needs a return date in the future.", cut.Find("[data-testid=availability-error]").TextContent));
    }

    [Fact]
    public async Task A_reps_csv_with_bad_rows_names_each_line_and_field_and_leaves_the_draft_alone()
    {
        var cut = Open();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "name,email,team,level,capacity,languages\n" +
            "Hanna Berg,hanna.berg@leadrouting.demo,DACH Sales,Mid-level AE,30,de;en\n" +
            ",nobody@leadrouting.demo,dach,Senior AE,20,de\n" +
            "Ivo Petrov,not-an-email,Mars Sales,Chief AE,lots,bg\n",
            "reps.csv"));

        cut.WaitForAssertion(() => Assert.Contains("Nothing went to the draft.", cut.Find("[data-testid=reps-import-result]").TextContent, StringComparison.Ordinal));
        var problems = cut.FindAll("[data-testid=reps-import-result] li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("Line 3: ", problems[0], StringComparison.Ordinal);
        Assert.Contains("name: Required.", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("Line 4: ", problems[1], StringComparison.Ordinal);
        Assert.Contains("level: 'Chief AE' is not a level", problems[1], StringComparison.Ordinal);
        Assert.Contains("capacity: 'lots' is not a whole number.", problems[1], StringComparison.Ordinal);
        Assert.Contains("email: Enter an email address", problems[1], StringComparison.Ordinal);
        Assert.Contains("team: Choose the rep's team.", problems[1], StringComparison.Ordinal);
        Assert.False((await DraftAsync()).IsDraft);
    }

    [Fact]
    public async Task In_German_a_reps_csv_with_a_bad_row_names_the_line_and_field_in_German()
    {
        using var german = CultureScope.Of("de-DE");
        var cut = Open();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "name,email,team,level,capacity\n" +
            "Ivo Petrov,ivo.petrov@leadrouting.demo,dach,Chief AE,lots\n",
            "reps.csv"));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=reps-import-result] li")));
        var problem = Assert.Single(cut.FindAll("[data-testid=reps-import-result] li")).TextContent;
        Assert.StartsWith("Zeile 2: ", problem, StringComparison.Ordinal);
        Assert.Contains("level: „Chief AE“ ist keine Stufe", problem, StringComparison.Ordinal);
        Assert.Contains("capacity: „lots“ ist keine ganze Zahl.", problem, StringComparison.Ordinal);
        Assert.False((await DraftAsync()).IsDraft);
    }

    [Fact]
    public async Task A_valid_reps_csv_adds_and_updates_reps_in_the_draft_only_ready_to_preview_and_publish()
    {
        var cut = Open();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "name;email;team;level;capacity;languages\n" +
            "Hanna Berg;hanna.berg@leadrouting.demo;DACH Sales;Mid-level AE;30;de|en\n" +
            "Clara Fischer;dach-mid-1@leadrouting.demo;dach;SeniorAe;40;de\n",
            "reps.csv"));

        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=draft-state]").TextContent.Trim()));
        var reps = (await DraftAsync()).Configuration.Organisation.Reps;
        var hanna = Assert.Single(reps, r => r.Id.Value == "hanna-berg");
        Assert.Equal(("Hanna Berg", "hanna.berg@leadrouting.demo", "dach", RepLevel.MidAe, 30), (hanna.Name, hanna.Email, hanna.Team.Value, hanna.Level, hanna.Capacity));
        Assert.Equal(["de", "en"], hanna.Languages);
        var clara = Assert.Single(reps, r => r.Id.Value == "dach-mid-1");
        Assert.Equal((RepLevel.SeniorAe, 40), (clara.Level, clara.Capacity));
        cut.Find("[data-testid=rep-search] input, input[data-testid=rep-search]").Input("Hanna");
        cut.WaitForAssertion(() => Assert.Contains("hanna-berg", cut.Find("[data-testid=reps]").TextContent, StringComparison.Ordinal));
        var published = await PublishedAsync();
        Assert.DoesNotContain(published.Organisation.Reps, r => r.Id.Value == "hanna-berg");
        Assert.Equal(RepLevel.MidAe, published.Organisation.Reps.Single(r => r.Id.Value == "dach-mid-1").Level);
    }

    [Fact]
    public async Task In_German_bad_values_get_German_messages_under_their_fields()
    {
        using var german = CultureScope.Of("de-DE");
        var cut = Open();
        cut.Find("[data-testid=rep-new]").Click();
        Type(cut, "rep-id", "Dach Mid 9");
        Type(cut, "rep-email", "not-an-email");
        Type(cut, "rep-weight", "0");
        Type(cut, "rep-capacity", "20000");
        cut.Find("[data-testid=rep-save]").Click();

        Assert.Contains("Geben Sie eine E-Mail-Adresse wie name@firma.de ein.", FieldMessage(cut, "rep-email"), StringComparison.Ordinal);
        Assert.Equal("Zwischen 1 und 100.", FieldMessage(cut, "rep-weight"));
        Assert.Equal("Zwischen 0 und 10.000.", FieldMessage(cut, "rep-capacity"));
        Assert.StartsWith("Verwenden Sie Kleinbuchstaben, Ziffern und Bindestriche", FieldMessage(cut, "rep-id"), StringComparison.Ordinal);
        Assert.Equal("Pflichtfeld.", FieldMessage(cut, "rep-name"));
        Assert.Equal("Wählen Sie das Team des Mitarbeiters.", FieldMessage(cut, "rep-team"));
        Assert.DoesNotContain("Required.", cut.Find("[data-testid=rep-form]").TextContent, StringComparison.Ordinal);
        Assert.False((await _drafts.LoadAsync(CancellationToken.None)).IsDraft);
    }

    /// <summary>The message MudBlazor shows under the field marked <paramref name="testId"/>.</summary>
    private static string FieldMessage(IRenderedComponent<RepsSettings> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")!.TextContent.Trim();
}
