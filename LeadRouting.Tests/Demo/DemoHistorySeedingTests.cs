using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Demo;

/// <summary>The first start with <c>Demo:HistoryDays</c> fills an empty database once, with rows the app reads like its own.</summary>
public sealed class DemoHistorySeedingTests
{
    [Fact]
    public async Task First_start_with_history_fills_an_empty_database_and_a_second_start_adds_nothing()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("leadrouting-demo-").FullName;
        var settings = new Dictionary<string, string> { ["Storage:DataDirectory"] = dataDirectory, ["Demo:HistoryDays"] = "14" };
        try
        {
            int leads, decisions, events;
            using (var first = LeadRoutingApiFactory.WithSettings(settings))
            {
                await using var db = await first.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
                leads = await db.Leads.CountAsync();
                decisions = await db.Decisions.CountAsync();
                events = await db.AuditEvents.CountAsync();
                Assert.InRange(leads, 2_500, 3_500);
                Assert.True(decisions >= leads);
                await AssertInvariantsAsync(db, LeadRoutingApiFactory.Now);
            }

            using (var second = LeadRoutingApiFactory.WithSettings(settings))
            {
                await using var db = await second.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
                Assert.Equal(leads, await db.Leads.CountAsync());
                Assert.Equal(decisions, await db.Decisions.CountAsync());
                Assert.Equal(events, await db.AuditEvents.CountAsync());
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Without_history_days_the_demo_database_has_no_leads()
    {
        using var factory = new LeadRoutingApiFactory();
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Leads.CountAsync());
    }

    private static async Task AssertInvariantsAsync(LeadRoutingDbContext db, DateTimeOffset now)
    {
        var roster = DemoRoster.Configuration().Organisation.Reps.Select(r => r.Id.Value).ToHashSet();
        var leads = await db.Leads.AsNoTracking().ToListAsync();
        Assert.All(leads, l =>
        {
            Assert.Equal(l.Stage is LeadStage.Converted or LeadStage.Disqualified, l.ClosedAt is not null);
            Assert.True(l.OwnerId is null || roster.Contains(l.OwnerId), $"{l.Id}: owner {l.OwnerId} not in the roster");
            Assert.True(l.Stage is not (LeadStage.Assigned or LeadStage.Accepted or LeadStage.Contacted or LeadStage.Qualified or LeadStage.Converted) || l.OwnerId is not null);
            Assert.True(l.FirstTouchAt is null || l.FirstTouchAt >= l.AssignedAt, $"{l.Id}: first touch before assignment");
            Assert.True(l.EscalateAt is null || l.EscalateAt > now, $"{l.Id}: escalation already due");
        });

        // Every worked lead has its touches and a completed next step; nothing was left for the notifier to send.
        var touched = leads.Where(l => l.FirstTouchAt is not null).Select(l => l.Id).ToHashSet();
        Assert.Equal(touched.Count, await db.Touches.Select(t => t.LeadId).Distinct().CountAsync());
        Assert.Equal(0, await db.Outbox.CountAsync());
        Assert.Equal(touched.Count, await db.LeadTasks.Where(t => t.CompletedAt != null).Select(t => t.LeadId).Distinct().CountAsync());

        // Rep loads are what the reps really hold.
        var open = leads.Where(l => l.OwnerId is not null && l.Stage is LeadStage.Assigned or LeadStage.Accepted or LeadStage.Contacted or LeadStage.Qualified)
            .GroupBy(l => l.OwnerId!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var state in await db.RepStates.AsNoTracking().ToListAsync())
        {
            Assert.Equal(open.GetValueOrDefault(state.RepId), state.OpenLeads);
        }
    }
}
