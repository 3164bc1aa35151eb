using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Replay;

/// <summary>Stored leads and a draft for replay tests: the draft sends Austria to the UK team instead of DACH.</summary>
internal static class ReplayTestLeads
{
    public static readonly Segment AustriaToUk = new() { Id = new SegmentId("at-to-uki"), Name = "Austria from London", Priority = 1, Team = new TeamId("uki"), Countries = ["AT"] };

    public static RoutingConfiguration WithAustriaToUk(RoutingConfiguration configuration) => configuration with
    {
        Organisation = configuration.Organisation with { Segments = [AustriaToUk, .. configuration.Organisation.Segments] },
    };

    /// <summary>
    /// A demo request from a mid-sized software company, stored through the real write path <paramref name="daysAgo"/>
    /// before the test clock (15:00 UTC: the Berlin and London offices are open then). Its own company, so nothing is in play.
    /// </summary>
    public static async Task<string> IngestAsync(LeadRoutingApiFactory app, string country, double daysAgo, string name, string? firstName = null)
    {
        var result = await app.Services.GetRequiredService<LeadIngestionService>().IngestAsync(
            new LeadSubmission
            {
                Email = $"{name}@{name}-replay.example",
                FirstName = firstName ?? name,
                LastName = "Replay",
                Company = $"{name} GmbH",
                Employees = 400,
                Industry = "Software",
                Country = country,
                Source = SignalType.DemoRequest,
                ReceivedAt = LeadRoutingApiFactory.Now.AddDays(-daysAgo),
            },
            "test",
            CancellationToken.None);
        return result.Stored!.Lead.Id;
    }

    public static async Task SaveDraftAsync(LeadRoutingApiFactory app, Func<RoutingConfiguration, RoutingConfiguration> edit)
    {
        var drafts = app.Services.GetRequiredService<ConfigurationDrafts>();
        var current = await drafts.LoadAsync(CancellationToken.None);
        var result = await drafts.SaveAsync(new ConfigurationEditor("test-setup@leadrouting.demo", true), current, edit(current.Configuration), "replay test", CancellationToken.None);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
    }
}
