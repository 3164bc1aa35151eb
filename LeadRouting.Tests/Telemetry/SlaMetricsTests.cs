using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Sla;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Telemetry;

/// <summary>
/// Escalations and first responses reach <c>/metrics</c>: a touch inside the window is an SLA met, a lapsed acceptance
/// window a reassignment, an accepted lead left untouched an escalation and an SLA missed. The app's clock is faked.
/// </summary>
public sealed class SlaMetricsTests : IDisposable
{
    private const string Key = "scrape-key-for-sla-tests-0123456789";

    private readonly LeadRoutingApiFactory _factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
    {
        ["Telemetry:Prometheus:Enabled"] = "true",
        ["Telemetry:Prometheus:Key"] = Key,
    });

    private int _sequence;

    public void Dispose() => _factory.Dispose();

    private LeadActionsService Actions => _factory.Services.GetRequiredService<LeadActionsService>();

    private EscalationSweep Sweep => _factory.Services.GetRequiredService<EscalationSweep>();

    private async Task<LeadEntity> LeadAsync(string id)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.Leads.AsNoTracking().SingleAsync(l => l.Id == id);
    }

    private async Task<LeadEntity> AssignedLeadAsync()
    {
        var n = Interlocked.Increment(ref _sequence);
        var result = await _factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"sla.{n}@sla-metrics-{n}.de",
            FirstName = "Anna",
            LastName = "Clockwatch",
            Company = $"Clockwatch {n} GmbH",
            Country = "DE",
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        var lead = await LeadAsync(result.LeadId!);
        Assert.Equal(LeadStage.Assigned, lead.Stage);
        return lead;
    }

    [Fact]
    public async Task Touches_in_time_lapsed_windows_and_untouched_accepted_leads_are_counted_as_SLA_and_escalations()
    {
        var met = await AssignedLeadAsync();
        Assert.Equal(LeadActionResult.Done, await Actions.LogTouchAsync(met.Id, new LeadActor("rep", met.OwnerId), TouchKind.Call, null, CancellationToken.None));

        var untouched = await AssignedLeadAsync();
        Assert.Equal(LeadActionResult.Done, await Actions.AcceptAsync(untouched.Id, new LeadActor("rep", untouched.OwnerId), CancellationToken.None));
        var lapsed = await AssignedLeadAsync();

        var latest = new[] { (await LeadAsync(untouched.Id)).EscalateAt, lapsed.EscalateAt }.Max()!.Value;
        _factory.Time.SetUtcNow(latest.AddMinutes(1));
        var swept = await Sweep.RunAsync(_factory.Time.GetUtcNow(), CancellationToken.None);
        Assert.Equal(1, swept.Escalated);
        Assert.Equal(1, swept.Reassigned + swept.Unassigned);

        var scraper = _factory.CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var text = await Eventually.FindAsync(async () =>
        {
            var body = await scraper.GetStringAsync("/metrics");
            return body.Contains("leadrouting_sla_responses_total", StringComparison.Ordinal) && body.Contains("leadrouting_escalations_total", StringComparison.Ordinal) ? body : null;
        }, "a scrape with SLA responses and escalations");

        Assert.Matches(Line("leadrouting_sla_responses_total", "outcome", "met"), text);
        Assert.Matches(Line("leadrouting_sla_responses_total", "outcome", "missed"), text);
        Assert.Matches(Line("leadrouting_escalations_total", "outcome", "escalated"), text);
        Assert.Matches(Line("leadrouting_escalations_total", "outcome", swept.Reassigned == 1 ? "reassigned" : "unassigned"), text);
    }

    private static Regex Line(string name, string label, string value) =>
        new("^" + Regex.Escape(name) + @"\{[^}]*\b" + label + "=\"" + value + "\"[^}]*\\} [1-9]", RegexOptions.Multiline);
}
