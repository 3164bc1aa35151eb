using LeadRouting.Core.Replay;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Replay;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Replay;

/// <summary>The replay service: Ops only, a draft needed, and the window read from the stored leads.</summary>
public sealed class ReplayServiceTests : IDisposable
{
    private static readonly SignedInUser Ops = new("u-ops", "Nora Klein", "nora.klein@leadrouting.demo", [LeadRoutingRoles.Ops], null);
    private static readonly SignedInUser Manager = new("u-mgr", "Katrin Vogel", "katrin.vogel@leadrouting.demo", [LeadRoutingRoles.Manager], null);
    private static readonly SignedInUser Rep = new("u-rep", "Clara Fischer", "dach-mid-1@leadrouting.demo", [LeadRoutingRoles.Rep], "dach-mid-1");

    private readonly LeadRoutingApiFactory _app = new();
    private readonly ReplayService _replay;

    public ReplayServiceTests() => _replay = _app.Services.GetRequiredService<ReplayService>();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("manager")]
    [InlineData("rep")]
    [InlineData("nobody")]
    public async Task Only_Ops_may_run_a_replay(string who)
    {
        await ReplayTestLeads.SaveDraftAsync(_app, ReplayTestLeads.WithAustriaToUk);
        var user = who switch { "manager" => Manager, "rep" => Rep, _ => null };

        var run = await _replay.RunAsync(user, 7, null, CancellationToken.None);

        Assert.Equal(ReplayRunOutcome.Forbidden, run.Outcome);
        Assert.Null(run.Result);
    }

    [Fact]
    public async Task Without_a_draft_there_is_nothing_to_compare()
    {
        var run = await _replay.RunAsync(Ops, 7, null, CancellationToken.None);

        Assert.Equal(ReplayRunOutcome.NoDraft, run.Outcome);
        Assert.Contains("no draft", run.Messages.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replays_the_leads_of_the_chosen_window_and_lists_those_the_draft_moves()
    {
        var threeDays = await ReplayTestLeads.IngestAsync(_app, "AT", 3, "alpenblick");
        var tenDays = await ReplayTestLeads.IngestAsync(_app, "AT", 10, "bergwerk");
        var fortyDays = await ReplayTestLeads.IngestAsync(_app, "AT", 40, "donau");
        var german = await ReplayTestLeads.IngestAsync(_app, "DE", 2, "elbufer");
        await ReplayTestLeads.SaveDraftAsync(_app, ReplayTestLeads.WithAustriaToUk);
        var statuses = new List<ReplayStatus>();

        var week = await _replay.RunAsync(Ops, 7, new Recorder(statuses), CancellationToken.None);
        var month = await _replay.RunAsync(Ops, 30, null, CancellationToken.None);

        Assert.Equal(ReplayRunOutcome.Done, week.Outcome);
        Assert.Equal(await StoredSinceAsync(7), week.Result!.LeadsReplayed);
        Assert.Equal(await StoredSinceAsync(30), month.Result!.LeadsReplayed);
        Assert.Equal([threeDays], week.Result.ChangedLeads.Select(c => c.LeadId.Value));
        Assert.Equal([tenDays, threeDays], month.Result.ChangedLeads.Select(c => c.LeadId.Value));
        Assert.DoesNotContain(month.Result.ChangedLeads, c => c.LeadId.Value == fortyDays || c.LeadId.Value == german);
        var moved = month.Result.ChangedLeads[1];
        Assert.Equal(("dach", "uki"), (moved.Published.TeamId?.Value, moved.Draft.TeamId?.Value));
        Assert.Equal("alpenblick Replay", moved.Name);
        Assert.Equal(LeadRoutingApiFactory.Now.AddDays(-7), week.Result.From);
        Assert.Equal(LeadRoutingApiFactory.Now, week.Result.To);
        Assert.Equal(ReplayPhase.Done, statuses[^1].Phase);
    }

    [Fact]
    public async Task The_stored_submission_is_rebuilt_so_both_versions_route_it_as_the_live_one_did()
    {
        var id = await ReplayTestLeads.IngestAsync(_app, "DE", 1, "fjordhaus");
        await ReplayTestLeads.SaveDraftAsync(_app, ReplayTestLeads.WithAustriaToUk);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var stored = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == id);

        var history = await _replay.LoadHistoryAsync(LeadRoutingApiFactory.Now.AddDays(-2), LeadRoutingApiFactory.Now, null, CancellationToken.None);

        var lead = history.Single(l => l.Id.Value == id);
        Assert.Empty(lead.Submission.Signals); // the source signal is added again by intake, not carried twice
        Assert.Null(lead.Submission.CompanyDomain); // derived from the email by each version's own intake rules
        Assert.Equal(stored.ReceivedAt, lead.ReceivedAt);
        var run = await _replay.RunAsync(Ops, 2, null, CancellationToken.None);
        Assert.DoesNotContain(run.Result!.ChangedLeads, c => c.LeadId.Value == id);
        Assert.Equal(0, run.Result.ChangedLeadsTotal);
    }

    private async Task<int> StoredSinceAsync(int days)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var from = LeadRoutingApiFactory.Now.AddDays(-days);
        return await db.Leads.CountAsync(l => l.ReceivedAt >= from && l.ReceivedAt <= LeadRoutingApiFactory.Now);
    }

    private sealed class Recorder(List<ReplayStatus> statuses) : IProgress<ReplayStatus>
    {
        public void Report(ReplayStatus value)
        {
            lock (statuses)
            {
                statuses.Add(value);
            }
        }
    }
}
