using System.Text.Json;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.Notifications;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Responding;

/// <summary>
/// Issue 19 part 3: reminders before a breach, with the app's clock faked and the real SQLite store. A demo request
/// received Monday 16:00 Berlin has 15 minutes to a first response and 30 to be accepted: the owner hears at 50 % and
/// 80 % of each window, once each, and the manager 5 minutes before the response target of this high-intent lead.
/// </summary>
public sealed class NudgeTests : IDisposable
{
    private readonly LeadRoutingApiFactory _factory = new();

    public NudgeTests() => _ = _factory.Server;

    public void Dispose() => _factory.Dispose();

    private NudgeSweep Sweep => _factory.Services.GetRequiredService<NudgeSweep>();

    private async Task<T> DbAsync<T>(Func<LeadRoutingDbContext, Task<T>> query)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private async Task<LeadEntity> AssignedLeadAsync()
    {
        var result = await _factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = "jana@nudges.de",
            FirstName = "Jana",
            LastName = "Nudge",
            Company = "Nudges GmbH",
            Country = "DE",
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        var lead = await DbAsync(db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == result.LeadId));
        Assert.Equal((LeadStage.Assigned, Intent.High), (lead.Stage, lead.Intent));
        Assert.Equal((LeadRoutingApiFactory.Now.AddMinutes(15), LeadRoutingApiFactory.Now.AddMinutes(30)), (lead.RespondBy, lead.EscalateAt));
        return lead;
    }

    /// <summary>The nudges written to the outbox for the lead, in order.</summary>
    private async Task<List<NudgeNotice>> NudgesAsync(string leadId)
    {
        var payloads = await DbAsync(db => db.Outbox.AsNoTracking()
            .Where(m => m.Type == nameof(LeadEventKind.Nudge) && m.Payload.Contains(leadId)).OrderBy(m => m.Id).Select(m => m.Payload).ToListAsync());
        return [.. payloads.Select(p => JsonSerializer.Deserialize<LeadEvent>(p, LeadEventJson.Outbox)!.Nudge!)];
    }

    private async Task<List<NudgeNotice>> SweepAtAsync(string leadId, TimeSpan after, NudgeWindow window)
    {
        _factory.Time.SetUtcNow(LeadRoutingApiFactory.Now + after);
        await Sweep.RunAsync(_factory.Time.GetUtcNow(), CancellationToken.None);
        return [.. (await NudgesAsync(leadId)).Where(n => n.Window == window)];
    }

    [Fact]
    public async Task The_owner_is_nudged_at_50_and_80_percent_of_the_acceptance_window_once_each()
    {
        var lead = await AssignedLeadAsync();

        Assert.Empty(await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(14), NudgeWindow.Acceptance));
        Assert.Equal([50], (await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(15), NudgeWindow.Acceptance)).Select(n => n.Percent));
        Assert.Equal([50], (await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(16), NudgeWindow.Acceptance)).Select(n => n.Percent));
        Assert.Equal([50, 80], (await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(24), NudgeWindow.Acceptance)).Select(n => n.Percent));
        Assert.Equal([50, 80], (await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(29), NudgeWindow.Acceptance)).Select(n => n.Percent));
        Assert.All(await NudgesAsync(lead.Id), n => Assert.True(n.Window != NudgeWindow.Acceptance || n.Deadline == lead.EscalateAt));

        // The owner's reminder email, with the links to accept from it.
        var email = await _factory.WaitForDeliveryAsync(d => d.LeadId == lead.Id && d.EventKind == LeadEventKind.Nudge && d.Channel == "Email", "a nudge email");
        Assert.Equal($"{lead.OwnerId}@leadrouting.demo", email.Recipient);
    }

    [Fact]
    public async Task The_owner_is_nudged_at_50_and_80_percent_of_the_response_window_once_each()
    {
        var lead = await AssignedLeadAsync();

        Assert.Empty(await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(7), NudgeWindow.Response));
        Assert.Equal([50], (await SweepAtAsync(lead.Id, TimeSpan.FromSeconds(450), NudgeWindow.Response)).Select(n => n.Percent));
        Assert.Equal([50, 80], (await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(12), NudgeWindow.Response)).Select(n => n.Percent));
        Assert.Equal([50, 80], (await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(14), NudgeWindow.Response)).Select(n => n.Percent));
    }

    [Fact]
    public async Task No_acceptance_nudge_after_acceptance_and_none_at_all_after_the_first_touch()
    {
        var lead = await AssignedLeadAsync();
        var actions = _factory.Services.GetRequiredService<LeadActionsService>();
        var owner = new LeadActor("owner", lead.OwnerId);
        _factory.Time.SetUtcNow(LeadRoutingApiFactory.Now.AddMinutes(1));
        Assert.Equal(LeadActionOutcome.Done, (await actions.AcceptAsync(lead.Id, owner, CancellationToken.None)).Outcome);

        // Accepted, not yet answered: the response window still nudges (the latest point passed), the acceptance window never.
        Assert.Equal([80], (await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(13), NudgeWindow.Response)).Select(n => n.Percent));
        Assert.Empty(await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(25), NudgeWindow.Acceptance));

        Assert.Equal(LeadActionOutcome.Done, (await actions.LogTouchAsync(lead.Id, owner, TouchKind.Call, null, CancellationToken.None)).Outcome);
        var before = (await NudgesAsync(lead.Id)).Count;
        Assert.Empty((await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(29), NudgeWindow.Acceptance)));
        Assert.Equal(before, (await NudgesAsync(lead.Id)).Count);
    }

    [Fact]
    public async Task Two_sweeps_racing_send_each_nudge_once()
    {
        var lead = await AssignedLeadAsync();
        _factory.Time.SetUtcNow(LeadRoutingApiFactory.Now.AddMinutes(15));
        var now = _factory.Time.GetUtcNow();

        // Two sweeps that both read the lead before either wrote: the marker's conditional insert lets one through.
        var sent = await Task.WhenAll(Sweep.RunAsync(now, CancellationToken.None), Sweep.RunAsync(now, CancellationToken.None));

        var nudges = await NudgesAsync(lead.Id);
        Assert.Equal(nudges.Count, sent.Sum());
        Assert.Equal(nudges.Count, nudges.Distinct().Count());
        Assert.Contains(nudges, n => n is { Window: NudgeWindow.Acceptance, Percent: 50 });
        Assert.Equal(nudges.Count, await DbAsync(db => db.LeadNudges.CountAsync(n => n.LeadId == lead.Id)));
    }

    [Fact]
    public async Task The_manager_gets_a_heads_up_when_a_high_intent_lead_has_5_minutes_left()
    {
        var lead = await AssignedLeadAsync();

        Assert.Empty(await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(9), NudgeWindow.ManagerHeadsUp));
        var headsUp = Assert.Single(await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(10), NudgeWindow.ManagerHeadsUp));
        Assert.Equal(lead.RespondBy, headsUp.Deadline);
        Assert.Single(await SweepAtAsync(lead.Id, TimeSpan.FromMinutes(11), NudgeWindow.ManagerHeadsUp));

        var email = await _factory.WaitForDeliveryAsync(
            d => d.LeadId == lead.Id && d.EventKind == LeadEventKind.Nudge && d.Channel == "Email" && d.Recipient != $"{lead.OwnerId}@leadrouting.demo",
            "the manager's heads-up email");
        Assert.DoesNotContain(lead.OwnerId!, email.Recipient, StringComparison.Ordinal);
    }
}
