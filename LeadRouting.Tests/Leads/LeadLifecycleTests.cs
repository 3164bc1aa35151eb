using System.Text.Json;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
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
/// DESIGN.md "SLA clocks and escalation" against the real SQLite store, with the app's clock faked: acceptance windows
/// that lapse, the reassignment chain, escalation of untouched leads, decline and touches. Each test has its own
/// database (the clock moves), and time only moves when the test moves it.
/// </summary>
public sealed class LeadLifecycleTests : IDisposable
{
    private readonly LeadRoutingApiFactory _factory = new();
    private int _sequence;

    public LeadLifecycleTests() => _ = _factory.Server;

    public void Dispose() => _factory.Dispose();

    private EscalationSweep Sweep => _factory.Services.GetRequiredService<EscalationSweep>();

    private LeadActionsService Actions => _factory.Services.GetRequiredService<LeadActionsService>();

    private async Task<T> DbAsync<T>(Func<LeadRoutingDbContext, Task<T>> query)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private Task<LeadEntity> LeadAsync(string id) => DbAsync(db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == id));

    private Task<int> OpenLeadsOfAsync(string rep) => DbAsync(db => db.RepStates.Where(r => r.RepId == rep).Select(r => r.OpenLeads).SingleAsync());

    private Task<List<OutboxMessageEntity>> OutboxAsync(string leadId, LeadEventKind kind) =>
        DbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Type == kind.ToString() && m.Payload.Contains(leadId)).ToListAsync());

    /// <summary>A demo request from a mid-size German software company: Assigned to a DACH rep with a 30-minute window.</summary>
    private async Task<LeadEntity> AssignedLeadAsync()
    {
        var n = Interlocked.Increment(ref _sequence);
        var result = await _factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"anna.{n}@lifecycle-{n}.de",
            FirstName = "Anna",
            LastName = "Lifecycle",
            Company = $"Lifecycle {n} GmbH",
            Country = "DE",
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        Assert.Equal(IngestOutcome.Created, result.Outcome);
        var lead = await LeadAsync(result.LeadId!);
        Assert.Equal(LeadStage.Assigned, lead.Stage);
        Assert.NotNull(lead.EscalateAt);
        return lead;
    }

    /// <summary>Moves the app's clock just past the lead's escalation time.</summary>
    private DateTimeOffset PassEscalationOf(LeadEntity lead)
    {
        _factory.Time.SetUtcNow(lead.EscalateAt!.Value.AddMinutes(1));
        return _factory.Time.GetUtcNow();
    }

    [Fact]
    public async Task Assignment_sets_the_acceptance_window_and_gives_the_owner_a_next_step_due_at_respond_by()
    {
        var lead = await AssignedLeadAsync();

        // Monday 16:00 Berlin, DemoRequest: respond in 15 business minutes, escalate 30 after assignment.
        Assert.Equal(LeadRoutingApiFactory.Now, lead.AssignedAt);
        Assert.Equal(LeadRoutingApiFactory.Now.AddMinutes(15), lead.RespondBy);
        Assert.Equal(LeadRoutingApiFactory.Now.AddMinutes(30), lead.EscalateAt);
        var task = Assert.Single(await DbAsync(db => db.LeadTasks.Where(t => t.LeadId == lead.Id).ToListAsync()));
        Assert.Equal((lead.OwnerId, lead.RespondBy, (DateTimeOffset?)null), (task.RepId, task.DueAt, task.CompletedAt));
        Assert.Contains("Anna Lifecycle", task.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clocks_run_in_business_time_across_the_weekend_as_in_the_design_example()
    {
        // DESIGN.md: Mon–Fri 09:00–18:00 Europe/Berlin, demo request Friday 17:55 → respond by Monday 09:10.
        _factory.Time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 16, 55, 0, TimeSpan.Zero)); // Fri 17:55 CET
        var lead = await AssignedLeadAsync();
        Assert.Equal("dach", lead.TeamId);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 8, 10, 0, TimeSpan.Zero), lead.RespondBy); // Mon 09:10 CET
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 8, 25, 0, TimeSpan.Zero), lead.EscalateAt); // 5 min on Friday + 25 on Monday

        // The weekend passes without an escalation; Monday 09:24 still inside the window; 09:26 past it.
        foreach (var (at, acted) in new[]
        {
            (new DateTimeOffset(2026, 12, 5, 11, 0, 0, TimeSpan.Zero), 0),
            (new DateTimeOffset(2026, 12, 7, 8, 24, 0, TimeSpan.Zero), 0),
            (new DateTimeOffset(2026, 12, 7, 8, 26, 0, TimeSpan.Zero), 1),
        })
        {
            _factory.Time.SetUtcNow(at);
            Assert.Equal(acted, (await Sweep.RunAsync(at, CancellationToken.None)).Total);
        }
    }

    [Fact]
    public async Task Nothing_is_due_before_the_window_ends()
    {
        var lead = await AssignedLeadAsync();
        _factory.Time.SetUtcNow(lead.EscalateAt!.Value.AddSeconds(-1));
        var result = await Sweep.RunAsync(_factory.Time.GetUtcNow(), CancellationToken.None);
        Assert.Equal(0, result.Total);
        Assert.Equal(lead.OwnerId, (await LeadAsync(lead.Id)).OwnerId);
    }

    [Fact]
    public async Task A_lapsed_window_reassigns_to_the_backup_exactly_once_even_when_two_sweeps_run_at_once()
    {
        var lead = await AssignedLeadAsync();
        var owner = lead.OwnerId!;
        var published = await _factory.Services.GetRequiredService<Web.Routing.ConfigurationStore>().CurrentAsync(CancellationToken.None);
        var backup = published.Engine.Organisation.FindRep(new RepId(owner))!.Rep.Backup!.Value.Value;
        await DbAsync(db => db.RepStates.Where(r => r.RepId == backup).ExecuteUpdateAsync(r => r.SetProperty(x => x.OpenLeads, 0))); // room to take it
        var loadBefore = await OpenLeadsOfAsync(owner);
        var now = PassEscalationOf(lead);

        var results = await Task.WhenAll(Sweep.RunAsync(now, CancellationToken.None), Sweep.RunAsync(now, CancellationToken.None));
        Assert.Equal(1, results.Sum(r => r.Reassigned));

        var after = await LeadAsync(lead.Id);
        Assert.Equal((LeadStage.Assigned, backup, 1), (after.Stage, after.OwnerId, after.Reassignments));
        Assert.Equal([owner], after.PassedOnBy);
        Assert.Equal(now, after.AssignedAt);
        Assert.True(after.EscalateAt > now, "The new owner gets a fresh acceptance window.");
        Assert.Equal((loadBefore - 1, 1), (await OpenLeadsOfAsync(owner), await OpenLeadsOfAsync(backup)));
        Assert.Single(await OutboxAsync(lead.Id, LeadEventKind.Reassigned));
        Assert.Single(await DbAsync(db => db.Decisions.Where(d => d.LeadId == lead.Id && d.Reason == "Reassigned").ToListAsync()));

        // The old owner's task is cancelled, the backup has one of their own.
        var tasks = await DbAsync(db => db.LeadTasks.Where(t => t.LeadId == lead.Id).OrderBy(t => t.Id).ToListAsync());
        Assert.Equal([(owner, true), (backup, false)], tasks.Select(t => (t.RepId, t.CancelledAt is not null)));

        // A third sweep at the same instant finds nothing due.
        Assert.Equal(0, (await Sweep.RunAsync(now, CancellationToken.None)).Total);
    }

    [Fact]
    public async Task After_two_reassignments_the_lead_waits_in_Unassigned_and_the_manager_heard_each_time()
    {
        var lead = await AssignedLeadAsync();
        var owners = new List<string> { lead.OwnerId! };
        for (var round = 1; round <= 3; round++)
        {
            var now = PassEscalationOf(await LeadAsync(lead.Id));
            var result = await Sweep.RunAsync(now, CancellationToken.None);
            Assert.Equal(1, result.Total);
            if ((await LeadAsync(lead.Id)).OwnerId is { } next)
            {
                owners.Add(next);
            }
        }

        var final = await LeadAsync(lead.Id);
        Assert.Equal((LeadStage.Unassigned, (string?)null, 2, (DateTimeOffset?)null), (final.Stage, final.OwnerId, final.Reassignments, final.EscalateAt));
        Assert.Equal(3, owners.Distinct().Count());
        Assert.Equal(3, (await OutboxAsync(lead.Id, LeadEventKind.ManagerNotice)).Count);
        Assert.Equal(owners, final.PassedOnBy);
        Assert.Empty(await DbAsync(db => db.LeadTasks.Where(t => t.LeadId == lead.Id && t.CancelledAt == null && t.CompletedAt == null).ToListAsync()));

        // Nothing more happens to it, however long it waits.
        _factory.Time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, (await Sweep.RunAsync(_factory.Time.GetUtcNow(), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task Accepted_but_untouched_by_the_trigger_is_escalated_once_with_the_breach_recorded()
    {
        var lead = await AssignedLeadAsync();
        Assert.Equal(LeadActionResult.Done, await Actions.AcceptAsync(lead.Id, new LeadActor("rep", lead.OwnerId), CancellationToken.None));
        var accepted = await LeadAsync(lead.Id);
        Assert.Equal((LeadStage.Accepted, LeadRoutingApiFactory.Now), (accepted.Stage, accepted.AcceptedAt));

        var now = PassEscalationOf(accepted);
        var results = await Task.WhenAll(Sweep.RunAsync(now, CancellationToken.None), Sweep.RunAsync(now, CancellationToken.None));
        Assert.Equal(1, results.Sum(r => r.Escalated));

        var escalated = await LeadAsync(lead.Id);
        Assert.Equal((LeadStage.Accepted, lead.OwnerId, now, ResponseStatus.Missed, (DateTimeOffset?)null),
            (escalated.Stage, escalated.OwnerId, escalated.EscalatedAt, escalated.ResponseStatus, escalated.EscalateAt));
        var message = Assert.Single(await OutboxAsync(lead.Id, LeadEventKind.Escalated));
        var leadEvent = JsonSerializer.Deserialize<LeadEvent>(message.Payload, ConfigurationJson.Options)!;
        Assert.Equal(("Katrin Vogel", "katrin.vogel@leadrouting.demo"), (leadEvent.ManagerName, leadEvent.ManagerEmail));
    }

    [Fact]
    public async Task First_touch_within_target_stops_the_clocks_completes_the_task_and_counts_as_met()
    {
        var lead = await AssignedLeadAsync();
        _factory.Time.Advance(TimeSpan.FromMinutes(10));
        var result = await Actions.LogTouchAsync(lead.Id, new LeadActor("rep", lead.OwnerId), TouchKind.Call, "Left a voicemail <b>", CancellationToken.None);
        Assert.Equal(LeadActionResult.Done, result);

        var touched = await LeadAsync(lead.Id);
        var at = LeadRoutingApiFactory.Now.AddMinutes(10);
        Assert.Equal((LeadStage.Contacted, at, ResponseStatus.Met, (DateTimeOffset?)null, at),
            (touched.Stage, touched.FirstTouchAt, touched.ResponseStatus, touched.EscalateAt, touched.AcceptedAt));
        Assert.NotNull((await DbAsync(db => db.LeadTasks.SingleAsync(t => t.LeadId == lead.Id))).CompletedAt);
        var touch = await DbAsync(db => db.Touches.SingleAsync(t => t.LeadId == lead.Id));
        Assert.Equal((TouchKind.Call, "Left a voicemail <b>"), (touch.Kind, touch.Note));

        _factory.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, (await Sweep.RunAsync(_factory.Time.GetUtcNow(), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task First_touch_after_the_target_counts_as_missed()
    {
        var lead = await AssignedLeadAsync();
        Assert.Equal(LeadActionResult.Done, await Actions.AcceptAsync(lead.Id, new LeadActor("rep", lead.OwnerId), CancellationToken.None));
        _factory.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(LeadActionResult.Done, await Actions.LogTouchAsync(lead.Id, new LeadActor("rep", lead.OwnerId), TouchKind.Email, null, CancellationToken.None));
        Assert.Equal(ResponseStatus.Missed, (await LeadAsync(lead.Id)).ResponseStatus);
    }

    [Fact]
    public async Task Decline_with_a_reason_reroutes_at_once_without_the_decliner()
    {
        var lead = await AssignedLeadAsync();
        var decliner = lead.OwnerId!;
        var result = await Actions.DeclineAsync(lead.Id, new LeadActor("rep", decliner), "Conflict of interest: my brother-in-law's company", CancellationToken.None);
        Assert.Equal(LeadActionResult.Done, result);

        var after = await LeadAsync(lead.Id);
        Assert.Equal(LeadStage.Assigned, after.Stage);
        Assert.NotNull(after.OwnerId);
        Assert.NotEqual(decliner, after.OwnerId);
        Assert.Equal([decliner], after.PassedOnBy);
        var declined = await DbAsync(db => db.AuditEvents.SingleAsync(e => e.LeadId == lead.Id && e.Type == "Declined"));
        Assert.Contains("Conflict of interest", declined.Detail, StringComparison.Ordinal);
        var trace = StoredTrace.JsonOf(await DbAsync(db => db.Decisions.Where(d => d.LeadId == lead.Id && d.Reason == "Rerouted").SingleAsync()));
        Assert.Contains("declined this lead or let it lapse before", trace, StringComparison.Ordinal);
        Assert.Single(await OutboxAsync(lead.Id, LeadEventKind.Declined));
        Assert.Single(await OutboxAsync(lead.Id, LeadEventKind.Rerouted));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Decline_without_a_reason_is_refused_and_changes_nothing(string reason)
    {
        var lead = await AssignedLeadAsync();
        var result = await Actions.DeclineAsync(lead.Id, new LeadActor("rep", lead.OwnerId), reason, CancellationToken.None);
        Assert.Equal(LeadActionOutcome.Invalid, result.Outcome);
        Assert.Contains("reason", result.Errors!.Keys);
        Assert.Equal((lead.OwnerId, lead.Version), ((await LeadAsync(lead.Id)).OwnerId, (await LeadAsync(lead.Id)).Version));
    }

    [Fact]
    public async Task Only_the_owner_may_accept_decline_or_touch_and_a_lead_is_accepted_once()
    {
        var lead = await AssignedLeadAsync();
        var stranger = new LeadActor("someone else", "dach-ad-1" == lead.OwnerId ? "dach-sr-1" : "dach-ad-1");
        Assert.Equal(LeadActionOutcome.Forbidden, (await Actions.AcceptAsync(lead.Id, stranger, CancellationToken.None)).Outcome);
        Assert.Equal(LeadActionOutcome.Forbidden, (await Actions.DeclineAsync(lead.Id, stranger, "not mine", CancellationToken.None)).Outcome);
        Assert.Equal(LeadActionOutcome.Forbidden, (await Actions.LogTouchAsync(lead.Id, stranger, TouchKind.Call, null, CancellationToken.None)).Outcome);
        Assert.Equal(LeadActionOutcome.Forbidden, (await Actions.AcceptAsync(lead.Id, new LeadActor("manager", null), CancellationToken.None)).Outcome);
        Assert.Equal(lead.Version, (await LeadAsync(lead.Id)).Version);

        var owner = new LeadActor("owner", lead.OwnerId);
        Assert.Equal(LeadActionResult.Done, await Actions.AcceptAsync(lead.Id, owner, CancellationToken.None));
        Assert.Equal(LeadActionOutcome.Conflict, (await Actions.AcceptAsync(lead.Id, owner, CancellationToken.None)).Outcome);
        Assert.Equal(LeadActionOutcome.NotFound, (await Actions.AcceptAsync("ld_nope", owner, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_manager_assigns_an_unassigned_lead_with_a_reason_and_the_rep_gets_a_fresh_window_and_a_task()
    {
        var lead = await AssignedLeadAsync();
        for (var round = 0; round < 3; round++)
        {
            await Sweep.RunAsync(PassEscalationOf(await LeadAsync(lead.Id)), CancellationToken.None);
        }

        Assert.Equal(LeadStage.Unassigned, (await LeadAsync(lead.Id)).Stage);
        var manager = new LeadActor("Katrin Vogel", null) { CanAssign = true };
        var now = _factory.Time.GetUtcNow();

        Assert.Equal(LeadActionOutcome.Forbidden, (await Actions.AssignAsync(lead.Id, new LeadActor("rep", "dach-sdr-1"), "dach-sdr-1", "mine now", CancellationToken.None)).Outcome);
        Assert.Equal(LeadActionOutcome.Invalid, (await Actions.AssignAsync(lead.Id, manager, "dach-sdr-1", " ", CancellationToken.None)).Outcome);
        Assert.Equal(LeadActionOutcome.Invalid, (await Actions.AssignAsync(lead.Id, manager, "nobody", "reason", CancellationToken.None)).Outcome);
        Assert.Equal(LeadActionResult.Done, await Actions.AssignAsync(lead.Id, manager, "dach-sdr-1", "Speaks the prospect's language", CancellationToken.None));

        var assigned = await LeadAsync(lead.Id);
        Assert.Equal((LeadStage.Assigned, "dach-sdr-1", "dach", now), (assigned.Stage, assigned.OwnerId, assigned.TeamId, assigned.AssignedAt));
        Assert.True(assigned.EscalateAt > now, "The rep gets a fresh acceptance window.");
        var task = await DbAsync(db => db.LeadTasks.SingleAsync(t => t.LeadId == lead.Id && t.CancelledAt == null && t.CompletedAt == null));
        Assert.Equal("dach-sdr-1", task.RepId);
        var audit = await DbAsync(db => db.AuditEvents.SingleAsync(e => e.LeadId == lead.Id && e.Type == "AssignedByManager"));
        Assert.Equal("Katrin Vogel", audit.Actor);
        Assert.Contains("Speaks the prospect's language", audit.Detail, StringComparison.Ordinal);
        Assert.Equal(4, (await OutboxAsync(lead.Id, LeadEventKind.Reassigned)).Count); // 2 lapses, the move to Unassigned, the manager's

        // The new owner can act on it; the manager cannot accept it for them.
        Assert.Equal(LeadActionOutcome.Forbidden, (await Actions.AcceptAsync(lead.Id, manager, CancellationToken.None)).Outcome);
        Assert.Equal(LeadActionResult.Done, await Actions.AcceptAsync(lead.Id, new LeadActor("sdr", "dach-sdr-1"), CancellationToken.None));
    }

    [Fact]
    public async Task A_due_clock_with_nothing_left_to_trigger_is_stopped_not_found_by_every_sweep()
    {
        var lead = await AssignedLeadAsync();
        await DbAsync(db => db.Leads.Where(l => l.Id == lead.Id).ExecuteUpdateAsync(l => l.SetProperty(x => x.Stage, LeadStage.Qualified)));
        var now = PassEscalationOf(lead);

        Assert.Equal(0, (await Sweep.RunAsync(now, CancellationToken.None)).Total);

        var after = await LeadAsync(lead.Id);
        Assert.Equal((LeadStage.Qualified, lead.OwnerId, (DateTimeOffset?)null), (after.Stage, after.OwnerId, after.EscalateAt));
        Assert.Empty(await DbAsync(db => db.Leads.Where(l => l.EscalateAt != null && l.EscalateAt <= now).ToListAsync()));
    }
}
