using LeadRouting.Core.Leads;
using LeadRouting.Core.Sla;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Leads;

/// <summary>
/// The end of the lifecycle (DESIGN.md: Contacted → Qualified → Converted, or Disqualified), recorded by the owner:
/// closing frees capacity, closes the next step, stamps <c>ClosedAt</c> and tells the live views; only the owner may.
/// </summary>
public sealed class LeadOutcomeTests : IDisposable
{
    private readonly LeadRoutingApiFactory _factory = new();

    public LeadOutcomeTests() => _ = _factory.Server;

    public void Dispose() => _factory.Dispose();

    private LeadActionsService Actions => _factory.Services.GetRequiredService<LeadActionsService>();

    private async Task<T> DbAsync<T>(Func<LeadRoutingDbContext, Task<T>> query)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private Task<LeadEntity> LeadAsync(string id) => DbAsync(db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == id));

    private Task<int> OpenLeadsOfAsync(string rep) => DbAsync(db => db.RepStates.Where(r => r.RepId == rep).Select(r => r.OpenLeads).SingleAsync());

    /// <summary>A demo request routed to a DACH rep, accepted and called by its owner.</summary>
    private async Task<(LeadEntity Lead, LeadActor Owner)> ContactedLeadAsync(string name)
    {
        var result = await _factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"{name}@outcome-{name}.de",
            FirstName = name,
            Company = $"{name} GmbH",
            Country = "DE",
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        var lead = await LeadAsync(result.LeadId!);
        var owner = new LeadActor("Owner", lead.OwnerId);
        Assert.Equal(LeadActionOutcome.Done, (await Actions.LogTouchAsync(lead.Id, owner, TouchKind.Call, null, CancellationToken.None)).Outcome);
        return (await LeadAsync(lead.Id), owner);
    }

    [Fact]
    public async Task Qualified_then_won_closes_the_lead_frees_capacity_and_tells_the_live_views()
    {
        var (lead, owner) = await ContactedLeadAsync("won");
        var load = await OpenLeadsOfAsync(lead.OwnerId!);

        Assert.Equal(LeadActionOutcome.Done, (await Actions.RecordOutcomeAsync(lead.Id, owner, LeadOutcome.Qualified, null, CancellationToken.None)).Outcome);
        var qualified = await LeadAsync(lead.Id);
        Assert.Equal((LeadStage.Qualified, (DateTimeOffset?)null), (qualified.Stage, qualified.ClosedAt));
        Assert.Equal(load, await OpenLeadsOfAsync(lead.OwnerId!));

        _factory.Time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(LeadActionOutcome.Done, (await Actions.RecordOutcomeAsync(lead.Id, owner, LeadOutcome.Converted, null, CancellationToken.None)).Outcome);

        var won = await LeadAsync(lead.Id);
        Assert.Equal(LeadStage.Converted, won.Stage);
        Assert.Equal(_factory.Time.GetUtcNow(), won.ClosedAt);
        Assert.Equal(load - 1, await OpenLeadsOfAsync(lead.OwnerId!));
        Assert.Equal(0, await DbAsync(db => db.LeadTasks.CountAsync(t => t.LeadId == lead.Id && t.CompletedAt == null && t.CancelledAt == null)));
        Assert.Equal(2, await DbAsync(db => db.Outbox.CountAsync(m => m.Type == nameof(LeadEventKind.Outcome) && m.Payload.Contains(lead.Id))));
        Assert.Contains("Converted by Owner", await DbAsync(db => db.AuditEvents.Where(e => e.LeadId == lead.Id && e.Type == "Outcome").Select(e => e.Detail).ToListAsync()));

        var again = await Actions.RecordOutcomeAsync(lead.Id, owner, LeadOutcome.Disqualified, "changed my mind", CancellationToken.None);
        Assert.Equal(LeadActionOutcome.Conflict, again.Outcome);
    }

    [Fact]
    public async Task Disqualifying_needs_a_reason_and_an_outcome_needs_a_touch_first()
    {
        var (lead, owner) = await ContactedLeadAsync("dq");

        var noReason = await Actions.RecordOutcomeAsync(lead.Id, owner, LeadOutcome.Disqualified, "  ", CancellationToken.None);
        Assert.Equal(LeadActionOutcome.Invalid, noReason.Outcome);
        Assert.True(noReason.Errors!.ContainsKey("reason"));
        Assert.Equal(LeadActionOutcome.Done, (await Actions.RecordOutcomeAsync(lead.Id, owner, LeadOutcome.Disqualified, "no budget this year", CancellationToken.None)).Outcome);
        Assert.Equal(LeadStage.Disqualified, (await LeadAsync(lead.Id)).Stage);

        var fresh = await _factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = "untouched@outcome-untouched.de", Company = "Untouched GmbH", Country = "DE", Employees = 400, Industry = "Software", Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        var untouched = await LeadAsync(fresh.LeadId!);
        var tooEarly = await Actions.RecordOutcomeAsync(untouched.Id, new LeadActor("Owner", untouched.OwnerId), LeadOutcome.Converted, null, CancellationToken.None);
        Assert.Equal(LeadActionOutcome.Conflict, tooEarly.Outcome);
        Assert.Contains("log a touch first", tooEarly.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_owner_records_an_outcome()
    {
        var (lead, _) = await ContactedLeadAsync("mine");
        var otherRep = new LeadActor("Other rep", lead.OwnerId == "dach-mid-1" ? "dach-mid-2" : "dach-mid-1");
        var manager = new LeadActor("Katrin Vogel", null) { CanAssign = true };

        foreach (var actor in new[] { otherRep, manager })
        {
            Assert.Equal(LeadActionOutcome.Forbidden, (await Actions.RecordOutcomeAsync(lead.Id, actor, LeadOutcome.Converted, null, CancellationToken.None)).Outcome);
        }

        Assert.Equal(LeadStage.Contacted, (await LeadAsync(lead.Id)).Stage);
    }
}
