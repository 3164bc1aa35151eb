using LeadRouting.Core.Analytics;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Analytics;
using LeadRouting.Web.Data;
using LeadRouting.Web.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Analytics;

/// <summary>Each report over <see cref="AnalyticsDataset"/>, whose answers are worked out by hand.</summary>
public sealed class ReportQueriesTests(LeadRoutingApiFactory app) : IClassFixture<LeadRoutingApiFactory>, IAsyncLifetime
{
    private RoutingEngine _engine = null!;

    private IDbContextFactory<LeadRoutingDbContext> Db => app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();

    public async Task InitializeAsync()
    {
        await AnalyticsDataset.SeedAsync(app.Services);
        _engine = (await app.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None)).Engine;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Sla_over_time_counts_each_day_s_decided_responses_with_median_and_p90()
    {
        var report = await ReportQueries.SlaAsync(Db, _engine, AnalyticsDataset.Filter, app.Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(14, report.OverTime.Count);
        Assert.Equal(AnalyticsDataset.Filter.From, report.OverTime[0].Start);
        var monday = report.OverTime[0];
        Assert.Equal((4, 2, 0.5, 20.0, 90.0), (monday.Decided, monday.Met, monday.MetShare!.Value, monday.MedianMinutes!.Value, monday.P90Minutes!.Value));
        var tuesday = report.OverTime[1];
        Assert.Equal((1, 1, 10.0), (tuesday.Decided, tuesday.Met, tuesday.MedianMinutes!.Value));
        Assert.All(report.OverTime.Skip(2), p => Assert.Equal((0, null), (p.Decided, p.MetShare)));
    }

    [Fact]
    public async Task Sla_by_week_starts_on_monday()
    {
        var report = await ReportQueries.SlaAsync(Db, _engine, AnalyticsDataset.Filter with { Granularity = ReportGranularity.Week }, app.Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(2, report.OverTime.Count);
        Assert.Equal((5, 3), (report.OverTime[0].Decided, report.OverTime[0].Met));
        Assert.Equal(0, report.OverTime[1].Decided);
    }

    [Fact]
    public async Task Sla_by_region_team_and_rep()
    {
        var report = await ReportQueries.SlaAsync(Db, _engine, AnalyticsDataset.Filter, app.Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal([("DACH", 4, 2), ("UKI", 1, 1)], report.ByRegion.Select(g => (g.Key, g.Decided, g.Met)).OrderBy(g => g.Key));
        Assert.Equal("UK & Ireland", report.ByRegion.Single(g => g.Key == "UKI").Name);
        Assert.Equal([("dach", 4, 2), ("uki", 1, 1)], report.ByTeam.Select(g => (g.Key, g.Decided, g.Met)).OrderBy(g => g.Key));
        var mid1 = report.ByRep.Single(g => g.Key == "dach-mid-1");
        Assert.Equal((2, 2, 3.0, 20.0), (mid1.Decided, mid1.Met, mid1.MedianMinutes!.Value, mid1.P90Minutes!.Value));
        var mid2 = report.ByRep.Single(g => g.Key == "dach-mid-2");
        Assert.Equal((2, 0, 90.0), (mid2.Decided, mid2.Met, mid2.MedianMinutes!.Value));
    }

    [Fact]
    public async Task Conversion_counts_won_out_of_closed_assigned_leads_with_wilson_intervals()
    {
        var report = await ReportQueries.ConversionAsync(Db, _engine, AnalyticsDataset.Filter, CancellationToken.None);

        Assert.Equal((6, 4, 3), (report.Overall.Assigned, report.Overall.Closed, report.Overall.Won));
        Assert.Equal(new Proportion(3, 4).Describe(), report.Overall.Text);
        Assert.Equal(
            [("ContactSales", 2, 2, 1), ("DemoRequest", 2, 2, 2), ("EventBadgeScan", 1, 0, 0), ("Webinar", 1, 0, 0)],
            report.BySource.Select(r => (r.Key, r.Assigned, r.Closed, r.Won)).OrderBy(r => r.Key));
        Assert.Equal([("dach", 5, 4, 3), ("uki", 1, 0, 0)], report.ByTeam.Select(r => (r.Key, r.Assigned, r.Closed, r.Won)).OrderBy(r => r.Key));
        Assert.Equal([("dach", 5, 4, 3), ("uki", 1, 0, 0)], report.BySegment.Select(r => (r.Key, r.Assigned, r.Closed, r.Won)).OrderBy(r => r.Key));
        var mid2 = report.ByRep.Single(r => r.Key == "dach-mid-2");
        Assert.Equal((2, 1, 0.5), (mid2.Closed, mid2.Won, mid2.Rate!.Value));
        Assert.Equal(0.0945, mid2.Lower!.Value, 4);
        Assert.Equal(0.9055, mid2.Upper!.Value, 4);
        Assert.Equal("50 % (9–91 %)", mid2.Text);
        Assert.Equal("—", report.ByRep.Single(r => r.Key == "uki-mid-1").Text);
    }

    [Fact]
    public async Task Speed_to_lead_buckets_conversion_by_time_to_first_touch()
    {
        var report = await ReportQueries.SpeedToLeadAsync(Db, _engine, AnalyticsDataset.Filter, CancellationToken.None);

        Assert.Equal(SpeedToLead.All.Select(b => b.ToString()), report.Buckets.Select(b => b.Key));
        Assert.Equal(
            [(1, 1, 1), (2, 1, 1), (0, 0, 0), (1, 1, 1), (0, 0, 0), (0, 0, 0), (2, 1, 0)],
            report.Buckets.Select(b => (b.Assigned, b.Closed, b.Won)));
        Assert.Equal("< 5 min", report.Buckets[0].Name);
    }

    [Fact]
    public async Task Heatmap_places_leads_in_their_team_s_local_weekday_and_hour()
    {
        var report = await ReportQueries.HeatmapAsync(Db, _engine, AnalyticsDataset.Filter, CancellationToken.None);

        Assert.Equal(7 * 24, report.Cells.Count);
        // 09:00 UTC on a November Monday is 10:00 in Berlin.
        var berlinMonday = report.Cells.Single(c => c.Weekday == DayOfWeek.Monday && c.Hour == 10);
        Assert.Equal((4, 4, 2, 3), (berlinMonday.Leads, berlinMonday.Decided, berlinMonday.Met, berlinMonday.Touched));
        Assert.Equal((3 + 20 + 90) / 3.0, berlinMonday.MeanMinutes!.Value, 6);
        // London is on UTC in November; the lead without a team counts in UTC; the Berlin lead an hour later.
        var tuesday14 = report.Cells.Single(c => c.Weekday == DayOfWeek.Tuesday && c.Hour == 14);
        Assert.Equal((2, 1, 1, 10.0), (tuesday14.Leads, tuesday14.Decided, tuesday14.Touched, tuesday14.MeanMinutes!.Value));
        Assert.Equal(1, report.Cells.Single(c => c.Weekday == DayOfWeek.Tuesday && c.Hour == 15).Leads);
        Assert.Equal(8 - 1, report.Cells.Sum(c => c.Leads));
    }

    [Fact]
    public async Task Capacity_flags_reps_over_capacity_and_away_from_their_weighted_share()
    {
        var report = await ReportQueries.CapacityAsync(Db, _engine, AnalyticsDataset.Filter with { Teams = ["dach"] }, CancellationToken.None);

        Assert.All(report.Reps, r => Assert.Equal("dach", r.TeamId));
        var mid1 = report.Reps.Single(r => r.RepId == "dach-mid-1");
        Assert.Equal((19, 20, 2, LoadFlag.Overloaded), (mid1.OpenLeads, mid1.Capacity, mid1.AssignedInPeriod, mid1.Flag));
        Assert.Equal(0.95, mid1.Utilisation!.Value, 6);
        Assert.Equal(2 / 14.0, mid1.AssignedPerDay, 6);
        var mid2 = report.Reps.Single(r => r.RepId == "dach-mid-2");
        Assert.Equal((0.5, 0.5, 1.0, LoadFlag.Balanced), (mid2.ExpectedShare!.Value, mid2.ActualShare!.Value, mid2.ShareRatio!.Value, mid2.Flag));
        // Junior AEs: dach-jr-2 weighs 2 of 3 but got none of the one lead; dach-jr-1 got it all for a third of the weight.
        Assert.Equal(LoadFlag.Underloaded, report.Reps.Single(r => r.RepId == "dach-jr-2").Flag);
        Assert.Equal(LoadFlag.Overloaded, report.Reps.Single(r => r.RepId == "dach-jr-1").Flag);
        Assert.Equal(mid1, report.Reps[0]); // fullest first
    }

    [Fact]
    public async Task Capacity_for_one_rep_still_compares_with_the_rep_s_peers()
    {
        var report = await ReportQueries.CapacityAsync(Db, _engine, AnalyticsDataset.Filter with { Reps = ["dach-jr-2"] }, CancellationToken.None);

        var only = Assert.Single(report.Reps);
        Assert.Equal((0, 0.0, LoadFlag.Underloaded), (only.AssignedInPeriod, only.ActualShare!.Value, only.Flag));
    }

    [Fact]
    public async Task Flow_counts_source_to_action_and_action_to_team()
    {
        var report = await ReportQueries.FlowAsync(Db, _engine, AnalyticsDataset.Filter, CancellationToken.None);

        Assert.Equal(
            [
                ("action:AeImmediate", "team:dach", 2), ("action:Nurture", "team:none", 1), ("action:SdrQualify", "team:dach", 3), ("action:SdrQualify", "team:uki", 1),
                ("source:ContactSales", "action:SdrQualify", 2), ("source:DemoRequest", "action:AeImmediate", 2), ("source:EventBadgeScan", "action:SdrQualify", 1),
                ("source:Webinar", "action:Nurture", 1), ("source:Webinar", "action:SdrQualify", 1),
            ],
            report.Links.Select(l => (l.Source, l.Target, l.Leads)).Order());
        Assert.Equal(("AE, immediate", 1, 2), report.Nodes.Where(n => n.Id == "action:AeImmediate").Select(n => (n.Label, n.Column, n.Leads)).Single());
        Assert.Equal(("No team", 2, 1), report.Nodes.Where(n => n.Id == "team:none").Select(n => (n.Label, n.Column, n.Leads)).Single());
        Assert.Equal(("DACH Sales", 2, 5), report.Nodes.Where(n => n.Id == "team:dach").Select(n => (n.Label, n.Column, n.Leads)).Single());
    }

    [Fact]
    public async Task Filters_by_region_rep_source_and_segment_narrow_every_count()
    {
        var uki = await ReportQueries.ConversionAsync(Db, _engine, AnalyticsDataset.Filter with { Regions = ["UKI"] }, CancellationToken.None);
        var rep = await ReportQueries.ConversionAsync(Db, _engine, AnalyticsDataset.Filter with { Reps = ["dach-mid-2"] }, CancellationToken.None);
        var source = await ReportQueries.FlowAsync(Db, _engine, AnalyticsDataset.Filter with { Sources = [SignalType.Webinar] }, CancellationToken.None);
        var segment = await ReportQueries.SlaAsync(Db, _engine, AnalyticsDataset.Filter with { Segments = ["uki"] }, app.Time.GetUtcNow(), CancellationToken.None);
        var emptyRegion = await ReportQueries.FlowAsync(Db, _engine, AnalyticsDataset.Filter with { Regions = ["APAC"] }, CancellationToken.None);

        Assert.Equal((1, 0), (uki.Overall.Assigned, uki.Overall.Closed));
        Assert.Equal((2, 2, 1), (rep.Overall.Assigned, rep.Overall.Closed, rep.Overall.Won));
        Assert.Equal(2, source.Nodes.Single(n => n.Id == "source:Webinar").Leads);
        Assert.DoesNotContain(source.Nodes, n => n.Id == "source:DemoRequest");
        Assert.Equal(1, segment.OverTime.Sum(p => p.Decided));
        Assert.Empty(emptyRegion.Links);
    }
}
