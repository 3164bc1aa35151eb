using LeadRouting.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// The routing state a preview must never move, read straight from the app's database: round-robin positions, rep
/// loads and availability, accounts and the counts of leads, decisions and tasks. Records compare by value, so two
/// reads are equal exactly when nothing of it changed.
/// </summary>
public sealed record LiveState(string RoundRobin, string Reps, string Accounts, int Leads, int Decisions, int Tasks)
{
    public static async Task<LiveState> ReadAsync(LeadRoutingApiFactory app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var pools = await db.RoundRobinPools.AsNoTracking().OrderBy(p => p.PoolKey).Select(p => p.PoolKey + "@" + p.VirtualTime).ToListAsync();
        var passes = await db.RoundRobinPasses.AsNoTracking().OrderBy(p => p.PoolKey).ThenBy(p => p.RepId).Select(p => p.PoolKey + "/" + p.RepId + "=" + p.Pass).ToListAsync();
        var reps = await db.RepStates.AsNoTracking().OrderBy(r => r.RepId).ToListAsync();
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.Domain).Select(a => a.Domain + "→" + a.OwnerId).ToListAsync();
        return new LiveState(
            string.Join("; ", pools.Concat(passes)),
            string.Join("; ", reps.Select(r => $"{r.RepId}:{r.Availability}:{r.OutOfOfficeUntil?.UtcTicks}:{r.OpenLeads}")),
            string.Join("; ", accounts),
            await db.Leads.CountAsync(),
            await db.Decisions.CountAsync(),
            await db.LeadTasks.CountAsync());
    }
}
