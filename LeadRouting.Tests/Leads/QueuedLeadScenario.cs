using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Leads;

/// <summary>
/// Issue 13's case, through the real write path and the app's fake clock: a German demo request that nobody accepted
/// (three lapsed acceptance windows, the sweep's own path) waits in the Unassigned queue until a manager hands it out —
/// 64 days and 20 hours later.
/// </summary>
public static class QueuedLeadScenario
{
    public static readonly TimeSpan Waited = TimeSpan.FromDays(64) + TimeSpan.FromHours(20);

    public static readonly LeadActor Manager = new("Katrin Vogel", null) { CanAssign = true };

    /// <summary>Ingests the lead and lets its windows lapse until it waits in Unassigned; the clock stops there.</summary>
    public static async Task<LeadEntity> UnassignedLeadAsync(LeadRoutingApiFactory factory, string firstName)
    {
        var result = await factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"{Guid.NewGuid():N}@queued-{Guid.NewGuid():N}.de",
            FirstName = firstName,
            LastName = "Wartend",
            Company = "Wartesaal GmbH",
            Country = "DE",
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        Assert.Equal(IngestOutcome.Created, result.Outcome);
        var sweep = factory.Services.GetRequiredService<EscalationSweep>();
        for (var round = 0; round < 3; round++)
        {
            var due = (await LeadAsync(factory, result.LeadId!)).EscalateAt!.Value.AddMinutes(1);
            if (due > factory.Time.GetUtcNow())
            {
                factory.Time.SetUtcNow(due);
            }

            await sweep.RunAsync(factory.Time.GetUtcNow(), CancellationToken.None);
        }

        var queued = await LeadAsync(factory, result.LeadId!);
        Assert.Equal((LeadStage.Unassigned, (string?)null), (queued.Stage, queued.OwnerId));
        return queued;
    }

    /// <summary>The lead waited <see cref="Waited"/> in the queue; the manager gives it to <paramref name="repId"/> now.</summary>
    public static async Task<LeadEntity> AssignAfterWaitingAsync(LeadRoutingApiFactory factory, LeadEntity queued, string repId, string reason)
    {
        factory.Time.Advance(Waited);
        var result = await factory.Services.GetRequiredService<LeadActionsService>().AssignAsync(queued.Id, Manager, repId, reason, CancellationToken.None);
        Assert.Equal(LeadActionResult.Done, result);
        return await LeadAsync(factory, queued.Id);
    }

    public static async Task<LeadEntity> LeadAsync(LeadRoutingApiFactory factory, string id)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.Leads.AsNoTracking().SingleAsync(l => l.Id == id);
    }
}
