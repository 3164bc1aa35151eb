using LeadRouting.Core.Leads;
using LeadRouting.Core.Sla;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Leads;

/// <summary>
/// Issue 13 point 3: a manager's assignment starts fresh clocks for the new owner — a response target and an acceptance
/// window from the assignment, a task due then — and the time the lead waited before counts against where it waited.
/// Real SQLite store, the app's clock faked; each test has its own database.
/// </summary>
public sealed class ManagerAssignmentTests : IDisposable
{
    private readonly LeadRoutingApiFactory _factory = new();

    public ManagerAssignmentTests() => _ = _factory.Server;

    public void Dispose() => _factory.Dispose();

    private LeadActionsService Actions => _factory.Services.GetRequiredService<LeadActionsService>();

    private EscalationSweep Sweep => _factory.Services.GetRequiredService<EscalationSweep>();

    private Task<LeadEntity> LeadAsync(string id) => QueuedLeadScenario.LeadAsync(_factory, id);

    private async Task<T> DbAsync<T>(Func<LeadRoutingDbContext, Task<T>> query)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>A German demo request routed now to a DACH rep (15 min to respond, 30 to accept).</summary>
    private async Task<LeadEntity> AssignedLeadAsync()
    {
        var result = await _factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"{Guid.NewGuid():N}@by-hand-{Guid.NewGuid():N}.de",
            FirstName = "Hand",
            Company = "Von Hand GmbH",
            Country = "DE",
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        var lead = await LeadAsync(result.LeadId!);
        Assert.Equal((LeadStage.Assigned, "dach"), (lead.Stage, lead.TeamId));
        return lead;
    }

    [Fact]
    public async Task A_lead_assigned_after_64_days_in_the_queue_gets_a_fresh_target_window_and_task_and_the_lapse_stays_with_the_queue()
    {
        var queued = await QueuedLeadScenario.UnassignedLeadAsync(_factory, "Queued");
        var originalTarget = queued.RespondBy!.Value;

        var assigned = await QueuedLeadScenario.AssignAfterWaitingAsync(_factory, queued, "dach-sdr-1", "Speaks the prospect's language");

        // Wednesday 3 Feb 2027, 13:33 in Berlin: inside business hours, so 15 and 30 business minutes are wall-clock minutes.
        var now = _factory.Time.GetUtcNow();
        Assert.Equal(new DateTimeOffset(2027, 2, 3, 12, 33, 0, TimeSpan.Zero), now);
        Assert.Equal((LeadStage.Assigned, "dach-sdr-1", now, now), (assigned.Stage, assigned.OwnerId, assigned.AssignedAt, assigned.ResponseClockFrom));
        Assert.Equal((now.AddMinutes(15), now.AddMinutes(30), ResponseStatus.Pending), (assigned.RespondBy, assigned.EscalateAt, assigned.ResponseStatus));
        Assert.Equal(("Katrin Vogel", "Speaks the prospect's language"), (assigned.AssignedBy, assigned.AssignmentReason));

        // The prospect's first response was missed while nobody owned the lead: recorded against the queue, not the rep.
        Assert.Equal((originalTarget, LeadStage.Unassigned, (string?)null), (assigned.LapsedAt, assigned.LapsedStage, assigned.LapsedOwnerId));
        var task = await DbAsync(db => db.LeadTasks.SingleAsync(t => t.LeadId == queued.Id && t.CompletedAt == null && t.CancelledAt == null));
        Assert.Equal(("dach-sdr-1", assigned.RespondBy), (task.RepId, task.DueAt));
        var audit = await DbAsync(db => db.AuditEvents.SingleAsync(e => e.LeadId == queued.Id && e.Type == "AssignedByManager"));
        Assert.Contains("Speaks the prospect's language", audit.Detail, StringComparison.Ordinal);
        Assert.Contains("had passed in the Unassigned queue", audit.Detail, StringComparison.Ordinal);

        // Answered ten minutes after the assignment: the rep met their target.
        _factory.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(LeadActionResult.Done, await Actions.LogTouchAsync(queued.Id, new LeadActor("sdr", "dach-sdr-1"), TouchKind.Call, null, CancellationToken.None));
        var touched = await LeadAsync(queued.Id);
        Assert.Equal((ResponseStatus.Met, originalTarget), (touched.ResponseStatus, touched.LapsedAt));
    }

    [Fact]
    public async Task The_acceptance_window_from_the_assignment_drives_the_sweep_and_the_next_owner_keeps_the_manager_s_response_clock()
    {
        // A VIP referral waits in Manual review (no reassignments yet), so a lapse after the assignment goes to a backup.
        var vip = await _factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"{Guid.NewGuid():N}@vip-{Guid.NewGuid():N}.de",
            FirstName = "Vip",
            Company = "VIP AG",
            Country = "DE",
            Employees = 900,
            Source = SignalType.ContactSales,
            Referral = Referral.Vip,
        }, "test", CancellationToken.None);
        var queued = await LeadAsync(vip.LeadId!);
        Assert.Equal(LeadStage.ManualReview, queued.Stage);

        var assigned = await QueuedLeadScenario.AssignAfterWaitingAsync(_factory, queued, "dach-mid-1", "VIP: senior contact");
        var assignedAt = _factory.Time.GetUtcNow();
        Assert.True(assigned.EscalateAt > assignedAt, "The acceptance window counts from the assignment.");
        Assert.Equal((LeadStage.ManualReview, assignedAt), (assigned.LapsedStage, assigned.ResponseClockFrom));

        // Not due a second before the window ends, whatever the lead's age.
        _factory.Time.SetUtcNow(assigned.EscalateAt!.Value.AddSeconds(-1));
        Assert.Equal(0, (await Sweep.RunAsync(_factory.Time.GetUtcNow(), CancellationToken.None)).Total);
        Assert.Equal("dach-mid-1", (await LeadAsync(queued.Id)).OwnerId);

        // Lapsed: the next owner gets a fresh window, and the response target still counts from the manager's assignment.
        _factory.Time.SetUtcNow(assigned.EscalateAt!.Value.AddMinutes(1));
        Assert.Equal(1, (await Sweep.RunAsync(_factory.Time.GetUtcNow(), CancellationToken.None)).Reassigned);
        var next = await LeadAsync(queued.Id);
        Assert.NotNull(next.OwnerId);
        Assert.NotEqual("dach-mid-1", next.OwnerId);
        Assert.Equal((assigned.RespondBy, assignedAt), (next.RespondBy, next.ResponseClockFrom));
        Assert.Equal(((string?)null, (string?)null), (next.AssignedBy, next.AssignmentReason)); // routing, not a manager, gave it on
        var task = await DbAsync(db => db.LeadTasks.SingleAsync(t => t.LeadId == queued.Id && t.CompletedAt == null && t.CancelledAt == null));
        Assert.Equal((next.OwnerId, assigned.RespondBy), (task.RepId, task.DueAt));
    }

    [Fact]
    public async Task Taken_by_hand_from_an_owner_whose_target_had_passed_the_lapse_is_that_owner_s_and_the_new_owner_starts_fresh()
    {
        var lead = await AssignedLeadAsync();
        var previousOwner = lead.OwnerId!;
        _factory.Time.Advance(TimeSpan.FromMinutes(20)); // the 15-minute target passed; the 30-minute window has not
        var newOwner = previousOwner == "dach-sdr-1" ? "dach-sdr-2" : "dach-sdr-1";

        Assert.Equal(LeadActionResult.Done, await Actions.AssignAsync(lead.Id, QueuedLeadScenario.Manager, newOwner, "Anna is out sick", CancellationToken.None));

        var now = _factory.Time.GetUtcNow();
        var after = await LeadAsync(lead.Id);
        Assert.Equal((newOwner, now.AddMinutes(15), now.AddMinutes(30)), (after.OwnerId, after.RespondBy, after.EscalateAt));
        Assert.Equal((lead.RespondBy, LeadStage.Assigned, previousOwner), (after.LapsedAt, after.LapsedStage, after.LapsedOwnerId));
    }

    [Fact]
    public async Task Taken_by_hand_before_the_target_passed_nothing_lapsed_and_the_new_owner_starts_fresh()
    {
        var lead = await AssignedLeadAsync();
        _factory.Time.Advance(TimeSpan.FromMinutes(5));
        var newOwner = lead.OwnerId == "dach-sdr-1" ? "dach-sdr-2" : "dach-sdr-1";

        Assert.Equal(LeadActionResult.Done, await Actions.AssignAsync(lead.Id, QueuedLeadScenario.Manager, newOwner, "Better fit", CancellationToken.None));

        var now = _factory.Time.GetUtcNow();
        var after = await LeadAsync(lead.Id);
        Assert.Equal((now.AddMinutes(15), now, (DateTimeOffset?)null), (after.RespondBy, after.ResponseClockFrom, after.LapsedAt));
    }

    [Fact]
    public async Task A_lead_already_answered_keeps_its_first_response_when_a_manager_moves_it()
    {
        var lead = await AssignedLeadAsync();
        _factory.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(LeadActionResult.Done, await Actions.LogTouchAsync(lead.Id, new LeadActor("rep", lead.OwnerId), TouchKind.Email, null, CancellationToken.None));
        _factory.Time.Advance(TimeSpan.FromDays(2));
        var newOwner = lead.OwnerId == "dach-sdr-1" ? "dach-sdr-2" : "dach-sdr-1";

        Assert.Equal(LeadActionResult.Done, await Actions.AssignAsync(lead.Id, QueuedLeadScenario.Manager, newOwner, "Handover", CancellationToken.None));

        var after = await LeadAsync(lead.Id);
        Assert.Equal((lead.RespondBy, ResponseStatus.Met, (DateTimeOffset?)null, (DateTimeOffset?)null, (DateTimeOffset?)null),
            (after.RespondBy, after.ResponseStatus, after.EscalateAt, after.ResponseClockFrom, after.LapsedAt));
    }
}
