using System.Globalization;
using System.Security.Claims;
using Bunit;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;
using LeadRouting.Tests.Analytics;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components;

/// <summary>
/// The booking tab of <c>/analytics</c> (issue 20) over <see cref="AnalyticsDataset"/> plus the leads and meetings of
/// <see cref="BookingReportTests"/>: offered 6, booked 4 (67 %, 30–90 %), DemoRequest 4 offered / 2 booked, ContactSales
/// 2 / 2; 30 min median and 120 min p90 to booked; one meeting each held, no-show, past unmarked, upcoming, cancelled;
/// conversion of booked leads 2 of 3 closed, of not booked 1 of 1. The page's default period (the last 30 days up to
/// 30 Nov 2026, 15:00 UTC) holds them all.
/// </summary>
public sealed class AnalyticsBookingTabTests : ComponentTestContext, IClassFixture<LeadRoutingApiFactory>
{
    private static readonly DateTimeOffset Monday = AnalyticsDataset.Monday;
    private static readonly DateTimeOffset Tuesday = AnalyticsDataset.Tuesday;

    public AnalyticsBookingTabTests(LeadRoutingApiFactory app)
    {
        SeedAsync(app.Services).GetAwaiter().GetResult();
        AnalyticsBookingTabSetup.UseAppServices(this, app);
    }

    private static async Task SeedAsync(IServiceProvider services)
    {
        await AnalyticsDataset.SeedAsync(services);
        await using var db = await services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        await db.Meetings.ExecuteDeleteAsync();
        db.Leads.AddRange(
            AnalyticsDataset.Lead("bk-3", Tuesday, SignalType.ContactSales, TreatmentAction.SdrFastTrack, "dach", "dach-mid-2", 5, ResponseStatus.Met, LeadStage.Disqualified),
            AnalyticsDataset.Lead("bk-4", Tuesday, SignalType.DemoRequest, TreatmentAction.AeImmediate, "dach", "dach-mid-1", 5, ResponseStatus.Met, LeadStage.Contacted),
            AnalyticsDataset.Lead("bk-5", Tuesday, SignalType.DemoRequest, TreatmentAction.AeImmediate, "dach", "dach-mid-1", 5, ResponseStatus.Met, LeadStage.Contacted),
            AnalyticsDataset.Lead("bk-6", Tuesday, SignalType.ContactSales, TreatmentAction.SdrFastTrack, "dach", "dach-mid-2", 5, ResponseStatus.Met, LeadStage.Converted));
        db.Meetings.AddRange(
            Meeting("m-1", "an-1", "dach-mid-1", Monday.AddMinutes(30), Tuesday.AddHours(-4), MeetingStatus.Held),
            Meeting("m-3", "bk-3", "dach-mid-2", Tuesday.AddMinutes(120), Tuesday.AddDays(1), MeetingStatus.NoShow),
            Meeting("m-4", "bk-4", "dach-mid-1", Tuesday.AddMinutes(10), new DateTimeOffset(2026, 12, 20, 10, 0, 0, TimeSpan.Zero), MeetingStatus.Booked),
            Meeting("m-5", "bk-5", "dach-mid-1", Tuesday.AddMinutes(15), Tuesday.AddDays(2), MeetingStatus.Cancelled),
            Meeting("m-6", "bk-6", "dach-mid-2", Tuesday.AddMinutes(60), new DateTimeOffset(2026, 11, 10, 10, 0, 0, TimeSpan.Zero), MeetingStatus.Booked));
        await db.SaveChangesAsync();
    }

    private static MeetingEntity Meeting(string id, string lead, string rep, DateTimeOffset bookedAt, DateTimeOffset start, MeetingStatus status) => new()
    {
        Id = id,
        LeadId = lead,
        RepId = rep,
        StartUtc = start,
        EndUtc = start.AddMinutes(30),
        Status = status,
        CreatedAt = bookedAt,
        CancelledAt = status == MeetingStatus.Cancelled ? bookedAt.AddHours(1) : null,
    };

    private static string Text(IRenderedComponent<Web.Components.Pages.Analytics.Analytics> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").TextContent.Replace('\u00A0', ' ');

    private static IReadOnlyList<string[]> Rows(IRenderedComponent<Web.Components.Pages.Analytics.Analytics> cut, string testId) =>
        [.. cut.FindAll($"[data-testid={testId}] tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Replace('\u00A0', ' ').Trim()).ToArray())];

    [Fact]
    public void The_booking_tab_shows_rate_by_source_and_segment_time_to_booked_outcomes_and_conversion()
    {
        using var english = CultureScope.Of("en-GB");
        Services.GetRequiredService<PersonFormat>().Use(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), CultureInfo.GetCultureInfo("en-GB"));
        var cut = AnalyticsBookingTabSetup.RenderBookingTab(this, "Booking");

        Assert.Matches(@"^67 ?% \(30–90 ?%\)$", cut.Find("[data-testid=booking-rate] p").TextContent.Replace('\u00A0', ' '));
        Assert.Contains("4 of 6 offered leads booked", Text(cut, "booking-rate"), StringComparison.Ordinal);
        Assert.Equal("30 min", cut.Find("[data-testid=booking-median] p").TextContent.Replace('\u00A0', ' '));
        Assert.Equal("2 h", cut.Find("[data-testid=booking-p90] p").TextContent.Replace('\u00A0', ' '));
        Assert.Matches(@"^50 ?% \(9–91 ?%\)$", cut.Find("[data-testid=booking-show-rate] p").TextContent.Replace('\u00A0', ' '));

        // Most offered first: demo requests 4 offered / 2 booked, contact-sales 2 / 2.
        Assert.Equal([("4", "2"), ("2", "2")], Rows(cut, "booking-source").Select(r => (r[1], r[2])));
        Assert.Matches(@"^50 ?% ", Rows(cut, "booking-source")[0][3]);
        Assert.Equal([("4", "6")], Rows(cut, "booking-segment").Select(r => (r[2], r[1])));
        Assert.Single(cut.FindAll("[data-testid=booking-segment] .interval"));

        Assert.Equal(
            ["1", "1", "1", "1", "1"],
            new[] { "held", "no-show", "unmarked", "upcoming", "cancelled" }.Select(o => cut.Find($"[data-testid=outcome-{o}] td").TextContent));
        Assert.Equal(
            [("Booked a meeting", "3", "2"), ("Did not book", "1", "1")],
            Rows(cut, "booking-conversion").Select(r => (r[0], r[1], r[2])));
        Assert.Empty(cut.FindAll("[data-testid=booking-empty]"));
    }

    [Fact]
    public void In_german_the_booking_tab_is_terminbuchung_with_german_words_and_numbers()
    {
        using var german = CultureScope.Of("de-DE");
        Services.GetRequiredService<PersonFormat>().Use(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), CultureInfo.GetCultureInfo("de-DE"));
        var cut = AnalyticsBookingTabSetup.RenderBookingTab(this, "Terminbuchung");

        Assert.Equal("Sofortige Terminbuchung", cut.Find("[data-testid=booking-summary] h2").TextContent);
        Assert.Equal("67 % (30–90 %)", cut.Find("[data-testid=booking-rate] p").TextContent.Replace('\u00A0', ' '));
        Assert.Contains("4 von 6 angebotenen Leads gebucht", Text(cut, "booking-rate"), StringComparison.Ordinal);
        Assert.Contains("Median bis zur Buchung", Text(cut, "booking-median"), StringComparison.Ordinal);
        Assert.Equal("30 Min.", cut.Find("[data-testid=booking-median] p").TextContent.Replace('\u00A0', ' '));
        Assert.Contains("Nicht erschienen", Text(cut, "booking-outcomes"), StringComparison.Ordinal);
        Assert.Equal(["Termin gebucht", "Nicht gebucht"], Rows(cut, "booking-conversion").Select(r => r[0]));
        Assert.Contains("Quote (95-%-Intervall)", cut.Find("[data-testid=booking-source] thead").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Booked", cut.Find("[data-testid=analytics-booking]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_routing_tab_comes_first_and_the_booking_numbers_are_not_rendered_until_chosen()
    {
        var cut = RenderPage<Web.Components.Pages.Analytics.Analytics>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Instance.View));

        Assert.NotNull(cut.Find("[data-testid=analytics-sla]"));
        Assert.Empty(cut.FindAll("[data-testid=analytics-booking]"));
        Assert.NotNull(cut.Instance.View!.Snapshot.Booking);
    }
}

/// <summary>The booking tab with nothing to show: a fresh database has no offered lead and no meeting.</summary>
public sealed class AnalyticsBookingTabEmptyTests : ComponentTestContext, IClassFixture<LeadRoutingApiFactory>
{
    public AnalyticsBookingTabEmptyTests(LeadRoutingApiFactory app)
    {
        using (var db = app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContext())
        {
            db.Meetings.ExecuteDelete();
            db.Leads.ExecuteDelete();
        }

        AnalyticsBookingTabSetup.UseAppServices(this, app);
    }

    [Fact]
    public void Without_offered_leads_the_tab_says_what_is_missing()
    {
        using var english = CultureScope.Of("en-GB");
        Services.GetRequiredService<PersonFormat>().Use(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), CultureInfo.GetCultureInfo("en-GB"));
        var cut = AnalyticsBookingTabSetup.RenderBookingTab(this, "Booking");

        var empty = cut.Find("[data-testid=booking-empty]").TextContent;
        Assert.StartsWith("No lead of the period was offered a meeting", empty, StringComparison.Ordinal);
        Assert.Contains("Senior AE", empty, StringComparison.Ordinal); // the bookable treatments, named
        Assert.Empty(cut.FindAll("[data-testid=booking-rate]"));
        Assert.Empty(cut.FindAll("[data-testid=booking-source]"));
        Assert.Equal("No meetings were booked for the period's leads.", cut.Find("[data-testid=booking-outcomes-empty]").TextContent);
        Assert.Equal(["—", "—"], cut.FindAll("[data-testid=booking-conversion] .conversion-text").Select(c => c.TextContent));
    }

    [Fact]
    public void Without_offered_leads_the_german_tab_says_what_is_missing_in_german()
    {
        using var german = CultureScope.Of("de-DE");
        Services.GetRequiredService<PersonFormat>().Use(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), CultureInfo.GetCultureInfo("de-DE"));
        var cut = AnalyticsBookingTabSetup.RenderBookingTab(this, "Terminbuchung");

        Assert.StartsWith("Keinem Lead des Zeitraums wurde ein Termin angeboten", cut.Find("[data-testid=booking-empty]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Senior AE, sofortige Reaktion", cut.Find("[data-testid=booking-empty]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Für die Leads des Zeitraums wurden keine Termine gebucht.", cut.Find("[data-testid=booking-outcomes-empty]").TextContent);
    }
}

/// <summary>What both booking-tab test classes share: the app's services, a manager signed in, the tab opened.</summary>
internal static class AnalyticsBookingTabSetup
{
    public static void UseAppServices(ComponentTestContext context, LeadRoutingApiFactory app)
    {
        context.Services.AddSingleton(app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>());
        context.Services.AddSingleton(app.Services.GetRequiredService<ConfigurationStore>());
        context.Services.AddSingleton(app.Services.GetRequiredService<LeadEventNotifier>());
        context.Services.AddScoped<ICurrentUser, CurrentUser>();
        var authorization = context.AddAuthorization();
        authorization.SetAuthorized("katrin.vogel@leadrouting.demo");
        authorization.SetRoles(LeadRoutingRoles.Manager);
        authorization.SetPolicies(LeadRoutingPolicies.Manager);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, "user-1"), new Claim(LeadRoutingClaims.DisplayName, "Katrin Vogel"));
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
    }

    /// <summary>Renders <c>/analytics</c>, waits for its reports and clicks the tab named <paramref name="tab"/>.</summary>
    public static IRenderedComponent<Web.Components.Pages.Analytics.Analytics> RenderBookingTab(ComponentTestContext context, string tab)
    {
        context.Render<MudBlazor.MudPopoverProvider>();
        var cut = context.Render<Web.Components.Pages.Analytics.Analytics>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Instance.View));
        cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == tab).Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=analytics-booking]")));
        return cut;
    }
}
