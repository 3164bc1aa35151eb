using System.Globalization;
using System.Security.Claims;
using Bunit;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;
using LeadRouting.Tests.Analytics;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Analytics;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Charts;

namespace LeadRouting.Tests.Components;

/// <summary>
/// <c>/analytics</c> over <see cref="AnalyticsDataset"/> with its services taken from the running app. The page's default
/// period is the last 30 days up to the fixed now (30 Nov 2026, 15:00 UTC): UTC days 31 Oct … 30 Nov, so Monday 2 Nov is
/// the third point.
/// </summary>
public sealed class AnalyticsPageTests : ComponentTestContext, IClassFixture<LeadRoutingApiFactory>
{
    private static readonly TimeSpan Wait = Eventually.DefaultTimeout;
    private readonly LeadRoutingApiFactory _app;

    public AnalyticsPageTests(LeadRoutingApiFactory app)
    {
        _app = app;
        AnalyticsDataset.SeedAsync(app.Services).GetAwaiter().GetResult();
        Services.AddSingleton(app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>());
        Services.AddSingleton(app.Services.GetRequiredService<ConfigurationStore>());
        Services.AddSingleton(app.Services.GetRequiredService<LeadEventNotifier>());
        Services.AddScoped<ICurrentUser, CurrentUser>();
        var authorization = AddAuthorization();
        authorization.SetAuthorized("katrin.vogel@leadrouting.demo");
        authorization.SetRoles(LeadRoutingRoles.Manager);
        authorization.SetPolicies(LeadRoutingPolicies.Manager);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, "user-1"), new Claim(LeadRoutingClaims.DisplayName, "Katrin Vogel"));
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
    }

    private LeadEventNotifier Notifier => _app.Services.GetRequiredService<LeadEventNotifier>();

    private IRenderedComponent<Web.Components.Pages.Analytics.Analytics> RenderAnalytics()
    {
        var cut = RenderPage<Web.Components.Pages.Analytics.Analytics>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Instance.View), Wait);
        return cut;
    }

    private static List<ChartSeries<double>> Series(IRenderedComponent<Web.Components.Pages.Analytics.Analytics> cut, ChartType type, string firstSeries) =>
        cut.FindComponents<MudChart<double>>()
            .Select(c => c.Instance)
            .Single(c => c.ChartType == type && (c.ChartSeries.FirstOrDefault()?.Name ?? "") == firstSeries)
            .ChartSeries;

    private static double?[] Values(ChartSeries<double> series) => [.. series.Data.Points.Select(p => p.HasValue ? p.Y : (double?)null)];

    [Fact]
    public void Sla_line_charts_get_one_point_per_day_with_percent_met_and_response_minutes()
    {
        using var english = CultureScope.Of("en-GB");
        Services.GetRequiredService<LeadRouting.Web.Localization.PersonFormat>().Use(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), CultureInfo.GetCultureInfo("en-GB"));
        var cut = RenderAnalytics();

        var met = Assert.Single(Series(cut, ChartType.Line, "% met"));
        var expected = new double?[31];
        expected[2] = 50; // Monday 2 Nov: 2 of 4 met
        expected[3] = 100; // Tuesday 3 Nov: 1 of 1
        Assert.Equal(expected, Values(met));

        var times = Series(cut, ChartType.Line, "median (min)");
        Assert.Equal(["median (min)", "p90 (min)"], times.Select(s => s.Name));
        Assert.Equal((20.0, 90.0), (Values(times[0])[2]!.Value, Values(times[1])[2]!.Value));
        // 31 days, at most 10 labels written: every 4th day is named, the others stay empty so the dates do not overlap.
        var labels = cut.FindComponents<MudChart<double>>().First(c => c.Instance.ChartType == ChartType.Line).Instance.ChartLabels;
        Assert.Equal(31, labels.Length);
        Assert.Equal(("31 Oct", "", "4 Nov"), (labels[0], labels[2], labels[4]));
    }

    [Fact]
    public void Speed_to_lead_is_one_bar_per_bucket_with_its_interval_as_a_whisker_inside_not_two_extra_bars()
    {
        var cut = RenderAnalytics();

        Assert.DoesNotContain(cut.FindComponents<MudChart<double>>(), c => c.Instance.ChartType == ChartType.Bar);
        var bars = cut.FindAll("[data-testid=speed-chart] [data-testid=speed-bar]");
        Assert.Equal(["< 5 min", "5–30 min", "30–60 min", "1–4 h", "4–24 h", "> 24 h", "never"], bars.Select(b => b.QuerySelector(".speed-label")!.TextContent));
        string? Height(AngleSharp.Dom.IElement bar) => bar.QuerySelector(".speed-bar")?.GetAttribute("style");
        string? Whisker(AngleSharp.Dom.IElement bar) => bar.QuerySelector("[data-testid=speed-whisker]")?.GetAttribute("style");
        Assert.Equal(["height:100%", "height:100%", null, "height:100%", null, null, "height:0%"], bars.Select(Height));
        Assert.Equal(
            ["bottom:20.7%;height:79.3%", "bottom:20.7%;height:79.3%", null, "bottom:20.7%;height:79.3%", null, null, "bottom:0%;height:79.3%"],
            bars.Select(Whisker));
    }

    [Fact]
    public void In_german_the_page_charts_and_legends_speak_german_and_the_heat_map_legend_is_in_minutes()
    {
        using var german = CultureScope.Of("de-DE");
        Services.GetRequiredService<LeadRouting.Web.Localization.PersonFormat>().Use(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), CultureInfo.GetCultureInfo("de-DE"));

        var cut = RenderAnalytics();

        Assert.Contains("Analysen", cut.Find("h1").TextContent, StringComparison.Ordinal);
        Assert.Single(Series(cut, ChartType.Line, "% eingehalten"));
        Assert.Equal(["Median (Min.)", "p90 (Min.)"], Series(cut, ChartType.Line, "Median (Min.)").Select(s => s.Name));
        var labels = cut.FindComponents<MudChart<double>>().First(c => c.Instance.ChartType == ChartType.Line).Instance.ChartLabels;
        Assert.Equal("31. Okt.", labels[0]);
        Assert.Equal(["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"], Series(cut, ChartType.HeatMap, "Mo").Select(s => s.Name.TrimEnd('.')));
        var legend = cut.Find("[data-testid=heat-legend]").TextContent.Replace('\u00A0', ' ');
        Assert.Contains("0 Min.", legend, StringComparison.Ordinal);
        Assert.Contains("Min.", legend.Split("0 Min.", 2)[1], StringComparison.Ordinal); // the midpoint and the slowest cell's mean (90 minutes) too
        Assert.Equal("nie", cut.FindAll("[data-testid=speed-bar] .speed-label")[^1].TextContent);
        Assert.Contains("50 % (9–91 %)", cut.Markup.Replace('\u00A0', ' '), StringComparison.Ordinal);
        Assert.Contains("Kein Team", cut.Find("[data-testid=analytics-flow]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Senior AE, sofortige Reaktion", cut.Find("[data-testid=analytics-flow]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", cut.Find(".analytics").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Capacity_lists_reps_under_their_team()
    {
        var cut = RenderAnalytics();

        var rows = cut.FindAll("[data-testid=analytics-capacity] tbody tr");
        Assert.Equal("capacity-team", rows[0].GetAttribute("data-testid"));
        var teams = cut.Instance.View!.Snapshot.Capacity.Reps.GroupBy(r => r.Team).ToList();
        Assert.Equal(teams.Count, rows.Count(r => r.GetAttribute("data-testid") == "capacity-team"));
        string? current = null;
        foreach (var row in rows)
        {
            if (row.GetAttribute("data-testid") == "capacity-team")
            {
                current = row.TextContent;
                continue;
            }

            var name = row.QuerySelector("td")!.TextContent;
            Assert.Contains(teams.Single(t => t.Key == current), r => r.Name == name);
        }
    }

    [Fact]
    public void This_quarter_and_a_custom_range_are_calendar_days_in_the_person_s_zone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var now = LeadRoutingApiFactory.Now; // Monday 30 Nov 2026, 16:00 in Berlin

        var quarter = Web.Components.Pages.Analytics.Analytics.Period(Web.Components.Pages.Analytics.Analytics.ThisQuarter, null, now, berlin);
        Assert.Equal((DateTimeOffset.Parse("2026-09-30T22:00Z", CultureInfo.InvariantCulture), now), (quarter.From, quarter.To));

        var range = Web.Components.Pages.Analytics.Analytics.Period(
            Web.Components.Pages.Analytics.Analytics.CustomRange, new DateRange(new DateTime(2026, 11, 2), new DateTime(2026, 11, 3)), now, berlin);
        Assert.Equal((DateTimeOffset.Parse("2026-11-01T23:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-11-03T23:00Z", CultureInfo.InvariantCulture)), (range.From, range.To));

        var untilToday = Web.Components.Pages.Analytics.Analytics.Period(
            Web.Components.Pages.Analytics.Analytics.CustomRange, new DateRange(new DateTime(2026, 11, 2), new DateTime(2026, 11, 30)), now, berlin);
        Assert.Equal(now, untilToday.To);
    }

    [Fact]
    public async Task Choosing_this_quarter_reloads_the_page_for_it_and_the_export_follows()
    {
        var cut = RenderAnalytics();

        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Period").Instance.ValueChanged.InvokeAsync(Web.Components.Pages.Analytics.Analytics.ThisQuarter));

        cut.WaitForAssertion(() => Assert.Equal(DateTimeOffset.Parse("2026-09-30T22:00Z", CultureInfo.InvariantCulture), cut.Instance.View!.Snapshot.Sla.Period.From), Wait);
        Assert.Equal("/analytics/export.csv?from=2026-09-30T22%3A00%3A00Z&to=2026-11-30T15%3A00%3A00Z&granularity=week&timeZone=Europe%2FBerlin", cut.Find("[data-testid=analytics-export]").GetAttribute("href"));
    }

    [Fact]
    public void Heat_map_has_a_row_per_weekday_and_a_column_per_local_hour()
    {
        var cut = RenderAnalytics();

        var rows = Series(cut, ChartType.HeatMap, "Mon");
        Assert.Equal(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], rows.Select(s => s.Name));
        Assert.All(rows, r => Assert.Equal(24, r.Data.Count));
        Assert.Equal(37.7, Values(rows[0])[10]); // Berlin 10:00: (3 + 20 + 90) / 3 minutes
        Assert.Equal(10, Values(rows[1])[14]);
        Assert.Equal(7 * 24 - 2, rows.SelectMany(Values).Count(v => v == 0)); // Tuesday 15:00 Berlin had a lead, none touched
    }

    [Fact]
    public void Routing_flow_is_a_sankey_of_source_action_and_team()
    {
        var cut = RenderAnalytics();

        var flow = Assert.Single(Series(cut, ChartType.Sankey, "leads"));
        var chart = cut.FindComponents<MudChart<double>>().Single(c => c.Instance.ChartType == ChartType.Sankey);
        Assert.NotNull(chart);
        Assert.Equal(9, flow.Data.Count);
        var rows = cut.Find("[data-testid=analytics-flow] tbody").TextContent;
        Assert.Contains("No team", rows, StringComparison.Ordinal);
        Assert.Contains("AE, immediate", rows, StringComparison.Ordinal);
    }

    [Fact]
    public void Conversion_tables_show_each_rate_with_its_interval_wider_for_small_samples()
    {
        var cut = RenderAnalytics();

        var reps = cut.Find("[data-testid=conversion-rep]");
        var mid2 = reps.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("50 %", StringComparison.Ordinal));
        Assert.Contains("50 % (9–91 %)", mid2.TextContent, StringComparison.Ordinal);
        var range = mid2.QuerySelector(".interval-range")!.GetAttribute("style");
        Assert.Equal("left:9.5%;width:81.1%", range);
        Assert.Contains("75 % (30–95 %)", cut.Markup, StringComparison.Ordinal); // overall 3 of 4
    }

    [Fact]
    public void Capacity_table_flags_over_and_under_loaded_reps()
    {
        var cut = RenderAnalytics();

        var rows = cut.FindAll("[data-testid=analytics-capacity] tbody tr");
        var full = rows.Single(r => r.QuerySelector(".flag-Overloaded") is not null && r.TextContent.Contains("19 / 20", StringComparison.Ordinal));
        Assert.Contains("95 %", full.TextContent, StringComparison.Ordinal);
        Assert.Contains(rows, r => r.QuerySelector(".flag-Underloaded") is not null);
    }

    [Fact]
    public void The_export_link_carries_the_page_s_filter_to_the_cookie_download()
    {
        var cut = RenderAnalytics();

        var href = cut.Find("[data-testid=analytics-export]").GetAttribute("href");
        Assert.Equal("/analytics/export.csv?from=2026-10-31T15%3A00%3A00Z&to=2026-11-30T15%3A00%3A00Z&timeZone=Europe%2FBerlin", href);
    }

    [Fact]
    public async Task A_lead_event_reloads_the_page_and_closing_it_ends_the_subscription()
    {
        var before = Notifier.SubscriberCount;
        var cut = RenderAnalytics();
        Assert.Equal(before + 1, Notifier.SubscriberCount);

        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            var received = new DateTimeOffset(2026, 11, 4, 9, 0, 0, TimeSpan.Zero);
            db.Leads.Add(new LeadEntity
            {
                Id = "an-live", Email = "live@example.com", Source = SignalType.DemoRequest, ReceivedAt = received, Action = TreatmentAction.AeImmediate,
                TeamId = "dach", SegmentId = "dach", OwnerId = "dach-mid-2", AssignedAt = received, FirstTouchAt = received.AddMinutes(1),
                ResponseStatus = ResponseStatus.Met, Stage = LeadStage.Contacted, CreatedAt = received, UpdatedAt = received,
            });
            await db.SaveChangesAsync();
        }

        Notifier.Publish(new LeadEvent { Kind = LeadEventKind.Touched, LeadId = "an-live", At = LeadRoutingApiFactory.Now, Actor = "test", Status = LeadStage.Contacted });

        cut.WaitForAssertion(() => Assert.Equal(100, Values(Series(cut, ChartType.Line, "% met")[0])[4]), Wait);

        await DisposeComponentsAsync();
        Assert.Equal(before, Notifier.SubscriberCount);
    }
}
