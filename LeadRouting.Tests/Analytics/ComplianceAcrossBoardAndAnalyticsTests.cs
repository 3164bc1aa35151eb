using System.Globalization;
using System.Text.Json;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.Leads;
using LeadRouting.Web.Analytics;
using LeadRouting.Web.Components.Pages.Board;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Analytics;

/// <summary>
/// Issue 13: SLA compliance is one computation for <c>/board</c>, <c>/analytics</c> and <c>GET /api/reports/sla</c> — the
/// same minutes, the same percentiles — and a manager's assignment splits what the prospect got (regions, teams, the
/// queue the lead waited in) from the rep's own clock. Each test has its own database and clock.
/// </summary>
public sealed class ComplianceAcrossBoardAndAnalyticsTests : IDisposable
{
    private readonly LeadRoutingApiFactory _factory = new();

    public ComplianceAcrossBoardAndAnalyticsTests() => _ = _factory.Server;

    public void Dispose() => _factory.Dispose();

    private IDbContextFactory<LeadRoutingDbContext> Db => _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();

    private async Task<RoutingEngine> EngineAsync() =>
        (await _factory.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None)).Engine;

    private async Task<BoardSnapshot> BoardAsync(DateTimeOffset since) =>
        await BoardQueries.LoadAsync(Db, (await EngineAsync()).Organisation, new BoardFilter(null, null, since), _factory.Time.GetUtcNow(), CancellationToken.None);

    private async Task<JsonElement> SlaJsonAsync(DateTimeOffset from)
    {
        using var client = _factory.CreateApiClient(ApiScopes.Read);
        var to = _factory.Time.GetUtcNow().AddDays(1);
        var json = await client.GetStringAsync(string.Create(CultureInfo.InvariantCulture, $"/api/reports/sla?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}"));
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static JsonElement Row(JsonElement report, string list, string key) =>
        report.GetProperty(list).EnumerateArray().Single(r => r.GetProperty("key").GetString() == key);

    private static (int Decided, int Met, double? Median, double? P90) Figures(JsonElement row) =>
        (row.GetProperty("decided").GetInt32(), row.GetProperty("met").GetInt32(),
            row.GetProperty("medianMinutes").ValueKind == JsonValueKind.Null ? null : row.GetProperty("medianMinutes").GetDouble(),
            row.GetProperty("p90Minutes").ValueKind == JsonValueKind.Null ? null : row.GetProperty("p90Minutes").GetDouble());

    private static (int Decided, int Met, double? Median, double? P90) Figures(ComplianceRow row) =>
        (row.Decided, row.Met, row.Median?.TotalMinutes, row.P90?.TotalMinutes);

    [Fact]
    public async Task A_lead_assigned_after_64_days_in_the_queue_is_met_by_the_rep_and_missed_by_the_queue_and_the_team_on_board_and_api()
    {
        var queued = await QueuedLeadScenario.UnassignedLeadAsync(_factory, "Compliance");
        await QueuedLeadScenario.AssignAfterWaitingAsync(_factory, queued, "dach-sdr-1", "Free now");
        _factory.Time.Advance(TimeSpan.FromMinutes(10));
        var actions = _factory.Services.GetRequiredService<LeadActionsService>();
        Assert.Equal(LeadActionResult.Done, await actions.LogTouchAsync(queued.Id, new LeadActor("sdr", "dach-sdr-1"), TouchKind.Call, null, CancellationToken.None));
        var prospectWaited = (_factory.Time.GetUtcNow() - queued.ReceivedAt).TotalMinutes;

        var board = await BoardAsync(queued.ReceivedAt.AddDays(-1));
        var api = await SlaJsonAsync(queued.ReceivedAt.AddDays(-1));

        // The rep answered ten minutes after the manager gave them the lead: met, on their own clock.
        Assert.Equal((1, 1, 10.0, 10.0), Figures(board.ByRep.Single(r => r.Key == "Lena Schmidt")));
        Assert.Equal((1, 1, 10.0, 10.0), Figures(Row(api, "byRep", "dach-sdr-1")));

        // The 64 days belong to the queue and, for the prospect, to the team.
        Assert.Equal((1, 0, null, null), Figures(board.ByRep.Single(r => r.Key == "Unassigned queue")));
        Assert.Equal((1, 0, null, null), Figures(Row(api, "byQueue", "Unassigned")));
        Assert.Equal("Unassigned queue", Row(api, "byQueue", "Unassigned").GetProperty("name").GetString());
        Assert.Equal((1, 0, prospectWaited, prospectWaited), Figures(board.ByTeam.Single(r => r.Key == "DACH Sales")));
        Assert.Equal((1, 0, prospectWaited, prospectWaited), Figures(Row(api, "byTeam", "dach")));
        Assert.Equal((1, 0), (board.ByRegion.Single(r => r.Key == "DACH").Decided, board.ByRegion.Single(r => r.Key == "DACH").Met));
    }

    [Fact]
    public async Task A_lead_still_waiting_past_its_target_counts_against_the_queue_at_once_and_the_assignment_does_not_move_it_to_the_rep()
    {
        var queued = await QueuedLeadScenario.UnassignedLeadAsync(_factory, "Waiting");
        Assert.True(queued.RespondBy < _factory.Time.GetUtcNow(), "The 15-minute target passed while the windows lapsed.");
        var since = queued.ReceivedAt.AddDays(-1);

        var waiting = await BoardAsync(since);
        Assert.Equal((1, 0), (waiting.ByRep.Single(r => r.Key == "Unassigned queue").Decided, waiting.ByRep.Single(r => r.Key == "Unassigned queue").Met));
        Assert.Equal(1, waiting.ByTeam.Single(r => r.Key == "DACH Sales").Decided);

        await QueuedLeadScenario.AssignAfterWaitingAsync(_factory, queued, "dach-sdr-1", "Free now");
        var assigned = await BoardAsync(since);
        Assert.Equal(1, assigned.ByRep.Single(r => r.Key == "Unassigned queue").Decided);
        Assert.DoesNotContain(assigned.ByRep, r => r.Key == "Lena Schmidt"); // her clock is still running
        var queue = Row(await SlaJsonAsync(since), "byQueue", "Unassigned");
        Assert.Equal((1, 0), (queue.GetProperty("decided").GetInt32(), queue.GetProperty("met").GetInt32()));
    }

    [Fact]
    public async Task Board_analytics_and_api_give_the_same_median_and_p90_to_the_minute_for_responses_over_two_hours()
    {
        // First touches 207, 208 and 209 minutes and 1 day 2 h 7 min after receipt: nearest-rank median 208, p90 1,567.
        var received = _factory.Time.GetUtcNow().AddDays(-1);
        await using (var db = await Db.CreateDbContextAsync())
        {
            db.Leads.AddRange(new[] { 207, 208, 209, 1_567 }.Select(minutes => new LeadEntity
            {
                Id = $"slow-{minutes}",
                Email = $"slow-{minutes}@example.com",
                Source = SignalType.ContactSales,
                Action = TreatmentAction.SdrQualify,
                Stage = LeadStage.Contacted,
                ReceivedAt = received,
                TeamId = "dach",
                SegmentId = "dach",
                OwnerId = "dach-mid-1",
                AssignedAt = received,
                RespondBy = received.AddHours(4),
                FirstTouchAt = received.AddMinutes(minutes),
                ResponseStatus = minutes <= 240 ? ResponseStatus.Met : ResponseStatus.Missed,
                CreatedAt = received,
                UpdatedAt = received,
            }));
            await db.SaveChangesAsync();
        }

        var since = received.AddDays(-1);
        var board = await BoardAsync(since);
        var report = await ReportQueries.SlaAsync(Db, await EngineAsync(), new ReportFilter { From = since, To = _factory.Time.GetUtcNow() }, _factory.Time.GetUtcNow(), CancellationToken.None);
        var api = await SlaJsonAsync(since);

        var expected = (4, 3, 208.0, 1_567.0);
        Assert.Equal(expected, Figures(board.ByRep.Single(r => r.Key == "Clara Fischer")));
        Assert.Equal(expected, Figures(board.ByTeam.Single(r => r.Key == "DACH Sales")));
        var rep = report.ByRep.Single(r => r.Key == "dach-mid-1");
        Assert.Equal(expected, (rep.Decided, rep.Met, rep.MedianMinutes, rep.P90Minutes));
        var team = report.ByTeam.Single(r => r.Key == "dach");
        Assert.Equal(expected, (team.Decided, team.Met, team.MedianMinutes, team.P90Minutes));
        var day = report.OverTime.Single(p => p.Decided > 0);
        Assert.Equal(expected, (day.Decided, day.Met, day.MedianMinutes, day.P90Minutes));
        Assert.Equal(expected, Figures(Row(api, "byRep", "dach-mid-1")));
    }
}
