using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core;

public class SmokeTests
{
    [Fact]
    public void Demo_routes_a_demo_request()
    {
        var engine = new RoutingEngine(DemoRoster.Configuration());
        var now = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
        var state = DemoRoster.State(now);
        var lead = engine.Normalizer.Normalize(new LeadSubmission
        {
            Email = "jane@acme.de", Employees = 500, Industry = "Software", Country = "DE",
            Source = SignalType.DemoRequest, TechStack = ["HubSpot"],
        }, now);
        var d = engine.Route(lead, state, now);
        foreach (var t in d.Trace) Console.WriteLine($"{t.Step}: {t.Input} => {t.Outcome} [{string.Join("; ", t.Excluded.Select(e => e.RepName + ": " + e.Reason))}]");
        Console.WriteLine($"{d.Status} {d.OwnerName} {d.Distribution} {d.RespondBy} {d.EscalateAt}");
        Assert.Equal(LeadStage.Assigned, d.Status);
    }
}
