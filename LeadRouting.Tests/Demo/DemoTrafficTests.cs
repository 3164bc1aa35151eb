using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Demo;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Demo;

/// <summary>The live demo traffic switch: Ops only, demo data only, and while on it really ingests leads (fake clock).</summary>
public sealed class DemoTrafficTests
{
    private static readonly SignedInUser Ops = new("u-ops", "Nora Klein", "nora.klein@leadrouting.demo", [LeadRoutingRoles.Ops], null);
    private static readonly SignedInUser Manager = new("u-mgr", "Katrin Vogel", "katrin.vogel@leadrouting.demo", [LeadRoutingRoles.Manager], null);
    private static readonly SignedInUser Rep = new("u-rep", "Clara Fischer", "dach-mid-1@leadrouting.demo", [LeadRoutingRoles.Rep], "dach-mid-1");

    [Fact]
    public void Only_Ops_switch_the_traffic_and_it_is_off_by_default()
    {
        using var factory = new LeadRoutingApiFactory();
        var traffic = factory.Services.GetRequiredService<DemoTrafficService>();

        Assert.False(traffic.IsRunning);
        Assert.Equal(DemoTrafficOutcome.Forbidden, traffic.Start(null, 10));
        Assert.Equal(DemoTrafficOutcome.Forbidden, traffic.Start(Rep, 10));
        Assert.Equal(DemoTrafficOutcome.Forbidden, traffic.Start(Manager, 10));
        Assert.False(traffic.IsRunning);
        Assert.Equal(DemoTrafficOutcome.Invalid, traffic.Start(Ops, 0));
        Assert.Equal(DemoTrafficOutcome.Invalid, traffic.Start(Ops, 61));

        Assert.Equal(DemoTrafficOutcome.Done, traffic.Start(Ops, 10));
        Assert.True(traffic.IsRunning);
        Assert.Equal(DemoTrafficOutcome.Forbidden, traffic.Stop(Rep));
        Assert.True(traffic.IsRunning);
        Assert.Equal(DemoTrafficOutcome.Done, traffic.Stop(Ops));
        Assert.False(traffic.IsRunning);
    }

    [Fact]
    public void Without_demo_data_the_traffic_is_unavailable()
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Demo:Enabled"] = "false" });
        var traffic = factory.Services.GetRequiredService<DemoTrafficService>();

        Assert.False(traffic.DemoEnabled);
        Assert.Equal(DemoTrafficOutcome.Unavailable, traffic.Start(Ops, 10));
        Assert.False(traffic.IsRunning);
    }

    [Fact]
    public async Task Switched_on_it_ingests_a_lead_per_interval_of_the_clock_and_stops_when_switched_off()
    {
        using var factory = new LeadRoutingApiFactory();
        var traffic = factory.Services.GetRequiredService<DemoTrafficService>();
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();

        Assert.Equal(DemoTrafficOutcome.Done, traffic.Start(Ops, 60));
        await AdvanceUntilAsync(factory, () => traffic.Sent >= 3);
        Assert.Equal(DemoTrafficOutcome.Done, traffic.Stop(Ops));

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var routed = await db.AuditEvents.Where(e => e.Actor == DemoTrafficService.Actor).Select(e => e.LeadId).Distinct().CountAsync();
            Assert.True(routed >= 1, "no lead was routed by the demo traffic");
            Assert.True(await db.Leads.AnyAsync(l => l.Id == traffic.LastLeadId));
        }

        // Nothing to wait for here: a stopped loop holds no timer, so five more seconds of the clock must send nothing.
        // The short pauses only give a wrongly running loop its chance to show; they wait for nothing.
        var sent = traffic.Sent;
        for (var i = 0; i < 5; i++)
        {
            factory.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.Equal(sent, traffic.Sent);
    }

    /// <summary>Moves the fake clock a second at a time until <paramref name="done"/> (the loop waits on that clock).</summary>
    private static Task AdvanceUntilAsync(LeadRoutingApiFactory factory, Func<bool> done) =>
        Eventually.HoldsAsync(() =>
        {
            if (done())
            {
                return true;
            }

            factory.Time.Advance(TimeSpan.FromSeconds(1));
            return false;
        }, "the demo traffic to send enough leads");
}
