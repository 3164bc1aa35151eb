using System.Globalization;
using System.Security.Claims;
using Bunit;
using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Components.Pages.Leads;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components;

/// <summary>
/// The "Meetings" section of <c>/leads/{id}</c> (issue 20): each meeting in the reader's zone with its rep and status,
/// "Held" / "No-show" only for the meeting's rep or a manager once a booked meeting has started, the click marks it
/// through <see cref="MeetingOutcomes"/> and the section shows who marked it. The clock is Monday 30 Nov 2026, 15:00
/// UTC (16:00 in Berlin, the readers' zone): the past meeting ran 13:00–13:30 UTC, the future one is tomorrow.
/// </summary>
public sealed class LeadDetailMeetingsTests : ComponentTestContext, IClassFixture<LeadRoutingApiFactory>
{
    private readonly LeadRoutingApiFactory _app;

    public LeadDetailMeetingsTests(LeadRoutingApiFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>());
        Services.AddSingleton(app.Services.GetRequiredService<ConfigurationStore>());
        Services.AddScoped<ICurrentUser, CurrentUser>();
        Services.AddSingleton(app.Services.GetRequiredService<LeadEventNotifier>());
    }

    private IDbContextFactory<LeadRoutingDbContext> Db => _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();

    private void SignIn(string email, string role, string? repId = null)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized(email);
        authorization.SetRoles(role);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, "user-" + email), new(LeadRoutingClaims.DisplayName, email) };
        if (repId is not null)
        {
            claims.Add(new Claim(LeadRoutingClaims.RepId, repId));
        }

        authorization.SetClaims([.. claims]);
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
    }

    /// <summary>A German demo request routed to a DACH rep, with a past booked, a future booked and a past cancelled meeting.</summary>
    private async Task<(string LeadId, string Owner, string Past, string Future, string Cancelled)> LeadWithMeetingsAsync()
    {
        var result = await _app.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"{Guid.NewGuid():N}@meet-{Guid.NewGuid():N}.de",
            FirstName = "Mia",
            LastName = "Termin",
            Country = "DE",
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        Assert.Equal(IngestOutcome.Created, result.Outcome);
        var lead = result.Stored!.Lead;
        var owner = lead.OwnerId!;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        MeetingEntity Meeting(string id, DateTimeOffset start, MeetingStatus status) => new()
        {
            Id = id,
            LeadId = lead.Id,
            RepId = owner,
            StartUtc = start,
            EndUtc = start.AddMinutes(30),
            Status = status,
            CreatedAt = Now.AddDays(-1),
            CancelledAt = status == MeetingStatus.Cancelled ? Now.AddHours(-20) : null,
        };

        await using var db = await Db.CreateDbContextAsync();
        // The rep cannot have two meetings at one start: the earlier tests' meetings go (this class's database is its own).
        await db.Meetings.ExecuteDeleteAsync();
        db.Meetings.AddRange(
            Meeting($"mt-past-{suffix}", Now.AddHours(-2), MeetingStatus.Booked),
            Meeting($"mt-future-{suffix}", Now.AddDays(1), MeetingStatus.Booked),
            Meeting($"mt-cancelled-{suffix}", Now.AddHours(-3), MeetingStatus.Cancelled));
        await db.SaveChangesAsync();
        return (lead.Id, owner, $"mt-past-{suffix}", $"mt-future-{suffix}", $"mt-cancelled-{suffix}");
    }

    private IRenderedComponent<LeadDetail> RenderLead(string id)
    {
        Services.GetRequiredService<PersonFormat>().Use(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), CultureInfo.CurrentCulture);
        var cut = Render<LeadDetail>(p => p.Add(c => c.Id, id));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-progress-linear")));
        return cut;
    }

    private static AngleSharp.Dom.IElement MeetingOf(IRenderedComponent<LeadDetail> cut, string meetingId) =>
        cut.Find($"[data-testid=lead-meeting][data-meeting={meetingId}]");

    private static bool HasButtons(AngleSharp.Dom.IElement meeting) =>
        meeting.QuerySelector("[data-testid=lead-meeting-held]") is not null || meeting.QuerySelector("[data-testid=lead-meeting-no-show]") is not null;

    /// <summary>Another DACH rep than the owner: sees the team's lead, is not the meeting's rep.</summary>
    private static string OtherDachRep(string owner) => owner == "dach-sdr-1" ? "dach-mid-1" : "dach-sdr-1";

    [Fact]
    public async Task The_meetings_rep_gets_held_and_no_show_only_on_a_booked_meeting_that_has_started()
    {
        using var english = CultureScope.Of("en-GB");
        var (lead, owner, past, future, cancelled) = await LeadWithMeetingsAsync();
        SignIn("owner@example.com", LeadRoutingRoles.Rep, owner);

        var cut = RenderLead(lead);

        Assert.Equal([cancelled, past, future], cut.FindAll("[data-testid=lead-meeting]").Select(m => m.GetAttribute("data-meeting")));
        Assert.Equal("today, 14:00–14:30", MeetingOf(cut, past).QuerySelector("[data-testid=lead-meeting-when]")!.TextContent);
        Assert.Equal("Booked", MeetingOf(cut, past).QuerySelector("[data-testid=lead-meeting-status]")!.TextContent);
        Assert.Equal("Cancelled", MeetingOf(cut, cancelled).QuerySelector("[data-testid=lead-meeting-status]")!.TextContent);
        Assert.True(HasButtons(MeetingOf(cut, past)));
        Assert.False(HasButtons(MeetingOf(cut, future)), "a meeting that has not started has no outcome yet");
        Assert.False(HasButtons(MeetingOf(cut, cancelled)), "a cancelled meeting has no outcome");
    }

    [Fact]
    public async Task Another_rep_of_the_team_sees_the_meetings_without_buttons()
    {
        var (lead, owner, _, _, _) = await LeadWithMeetingsAsync();
        SignIn("other@example.com", LeadRoutingRoles.Rep, OtherDachRep(owner));

        var cut = RenderLead(lead);

        Assert.Equal(3, cut.FindAll("[data-testid=lead-meeting]").Count);
        Assert.Empty(cut.FindAll("[data-testid=lead-meeting-held]"));
        Assert.Empty(cut.FindAll("[data-testid=lead-meeting-no-show]"));
    }

    [Fact]
    public async Task A_manager_gets_the_buttons_on_a_started_booked_meeting_of_any_rep()
    {
        var (lead, _, past, future, _) = await LeadWithMeetingsAsync();
        SignIn("manager@example.com", LeadRoutingRoles.Manager);

        var cut = RenderLead(lead);

        Assert.True(HasButtons(MeetingOf(cut, past)));
        Assert.False(HasButtons(MeetingOf(cut, future)));
    }

    [Fact]
    public async Task Clicking_held_marks_the_meeting_audits_it_and_shows_who_marked_it()
    {
        using var english = CultureScope.Of("en-GB");
        var (lead, owner, past, _, _) = await LeadWithMeetingsAsync();
        SignIn("owner@example.com", LeadRoutingRoles.Rep, owner);
        var cut = RenderLead(lead);

        MeetingOf(cut, past).QuerySelector("[data-testid=lead-meeting-held]")!.Click();

        cut.WaitForAssertion(() => Assert.Equal("Held", MeetingOf(cut, past).QuerySelector("[data-testid=lead-meeting-status]")!.TextContent));
        Assert.False(HasButtons(MeetingOf(cut, past)));
        Assert.Equal("· marked by owner@example.com", MeetingOf(cut, past).QuerySelector("[data-testid=lead-meeting-marked-by]")!.TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=lead-meeting-problem]"));
        await using var db = await Db.CreateDbContextAsync();
        Assert.Equal(MeetingStatus.Held, (await db.Meetings.SingleAsync(m => m.Id == past)).Status);
        var audit = await db.AuditEvents.SingleAsync(e => e.LeadId == lead && e.Type == MeetingOutcomes.AuditType);
        Assert.Equal("owner@example.com", audit.Actor);
    }

    [Fact]
    public async Task Clicking_no_show_on_a_meeting_cancelled_meanwhile_is_refused_by_the_server_and_says_why()
    {
        using var english = CultureScope.Of("en-GB");
        var (lead, owner, past, _, _) = await LeadWithMeetingsAsync();
        SignIn("owner@example.com", LeadRoutingRoles.Rep, owner);
        var cut = RenderLead(lead);
        await using (var db = await Db.CreateDbContextAsync())
        {
            await db.Meetings.Where(m => m.Id == past).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MeetingStatus.Cancelled));
        }

        MeetingOf(cut, past).QuerySelector("[data-testid=lead-meeting-no-show]")!.Click();

        cut.WaitForAssertion(() => Assert.Equal("The meeting was cancelled; it has no outcome.", cut.Find("[data-testid=lead-meeting-problem]").TextContent));
        Assert.Equal("Cancelled", MeetingOf(cut, past).QuerySelector("[data-testid=lead-meeting-status]")!.TextContent);
        Assert.False(HasButtons(MeetingOf(cut, past)));
        await using var check = await Db.CreateDbContextAsync();
        Assert.False(await check.AuditEvents.AnyAsync(e => e.LeadId == lead && e.Type == MeetingOutcomes.AuditType));
    }

    [Fact]
    public async Task The_server_refuses_a_rep_who_may_see_the_lead_but_is_not_the_meetings_rep()
    {
        var (_, owner, past, future, _) = await LeadWithMeetingsAsync();
        var other = new SignedInUser("u-other", "Other", "other@example.com", [LeadRoutingRoles.Rep], OtherDachRep(owner));
        var ops = new SignedInUser("u-ops", "Ops", "ops@example.com", [LeadRoutingRoles.Ops], null);
        var outcomes = new MeetingOutcomes(Db, Time);

        Assert.Equal(MeetingOutcomeProblem.NotAllowed, await outcomes.MarkAsync(other, past, held: false, CancellationToken.None));
        Assert.Equal(MeetingOutcomeProblem.NotAllowed, await outcomes.MarkAsync(ops, past, held: true, CancellationToken.None));
        var manager = new SignedInUser("u-m", "Manager", "manager@example.com", [LeadRoutingRoles.Manager], null);
        Assert.Equal(MeetingOutcomeProblem.NotYetStarted, await outcomes.MarkAsync(manager, future, held: true, CancellationToken.None));

        await using var db = await Db.CreateDbContextAsync();
        Assert.Equal(MeetingStatus.Booked, (await db.Meetings.SingleAsync(m => m.Id == past)).Status);
        Assert.Equal(MeetingStatus.Booked, (await db.Meetings.SingleAsync(m => m.Id == future)).Status);
    }

    [Fact]
    public async Task In_german_the_section_says_termine_with_german_statuses_and_buttons()
    {
        using var german = CultureScope.Of("de-DE");
        var (lead, owner, past, future, _) = await LeadWithMeetingsAsync();
        SignIn("owner@example.com", LeadRoutingRoles.Rep, owner);

        var cut = RenderLead(lead);

        Assert.Equal("Termine", cut.Find("[data-testid=lead-meetings] h2").TextContent);
        Assert.Equal("heute, 14:00–14:30", MeetingOf(cut, past).QuerySelector("[data-testid=lead-meeting-when]")!.TextContent);
        Assert.Equal("morgen, 16:00–16:30", MeetingOf(cut, future).QuerySelector("[data-testid=lead-meeting-when]")!.TextContent);
        Assert.Equal("Gebucht", MeetingOf(cut, past).QuerySelector("[data-testid=lead-meeting-status]")!.TextContent);
        Assert.Equal("Stattgefunden", MeetingOf(cut, past).QuerySelector("[data-testid=lead-meeting-held]")!.TextContent.Trim());
        Assert.Equal("Nicht erschienen", MeetingOf(cut, past).QuerySelector("[data-testid=lead-meeting-no-show]")!.TextContent.Trim());
    }
}
