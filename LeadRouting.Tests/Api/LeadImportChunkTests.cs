using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// Issue 21: a routed import hands its rows to the writer <see cref="LeadImportService.RouteRowsPerItem"/> at a time, as
/// one item each, instead of one item per row. That must change nothing a user can see: the same rows sent one by one
/// through <c>POST /api/leads</c> to a second app with the same configuration and clock store the same leads, stages,
/// owners, loads, round-robin positions and records; people repeated within a chunk and across chunks merge as before.
/// Real SQLite files, real HTTP; the outbox dispatcher is off, so nothing but the rows writes.
/// </summary>
public sealed class LeadImportChunkTests : IDisposable
{
    /// <summary>Three chunks and a bit: the last one is short.</summary>
    private const int Rows = 2 * LeadImportService.RouteRowsPerItem + 10;

    /// <summary>Row i is person i % People: person 0 is on rows 0 and 40 (one chunk) and on 80 and 120 (the next ones).</summary>
    private const int People = 40;

    private static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false" };

    private readonly LeadRoutingApiFactory _imported = LeadRoutingApiFactory.WithSettings(Settings);
    private readonly LeadRoutingApiFactory _posted = LeadRoutingApiFactory.WithSettings(Settings);

    public void Dispose()
    {
        _imported.Dispose();
        _posted.Dispose();
    }

    /// <summary>A mix that reaches several segments, pools and actions: sources, sizes and countries vary by person.</summary>
    private static JsonObject Person(int person)
    {
        string[] sources = ["DemoRequest", "ContactSales", "Webinar", "EventBadgeScan"];
        string[] countries = ["DE", "AT", "US", "GB", "FR"];
        int[] employees = [12, 80, 350, 1200, 6000];
        string[] industries = ["Software", "Manufacturing", "Agriculture"];
        return new JsonObject
        {
            ["email"] = $"buyer{person}@firm{person}.example",
            ["firstName"] = $"Kim{person}",
            ["lastName"] = "Becker",
            ["company"] = $"Firm {person}",
            ["companyDomain"] = $"firm{person}.example",
            ["employees"] = employees[person % employees.Length],
            ["industry"] = industries[person % industries.Length],
            ["country"] = countries[person % countries.Length],
            ["source"] = sources[person % sources.Length],
            ["estimatedDealSize"] = 1000 * (1 + (person % 7)),
        };
    }

    private static string Csv()
    {
        var columns = new[] { "email", "firstName", "lastName", "company", "companyDomain", "employees", "industry", "country", "source", "estimatedDealSize" };
        var csv = new StringBuilder(string.Join(',', columns)).Append('\n');
        for (var i = 0; i < Rows; i++)
        {
            var person = Person(i % People);
            csv.Append(string.Join(',', columns.Select(c => Convert.ToString(person[c]!.GetValue<object>(), CultureInfo.InvariantCulture)))).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>Everything the rows stored or moved, by person rather than by lead id (ids are new in each app).</summary>
    private static async Task<string> StoredStateAsync(LeadRoutingApiFactory factory)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var leads = await db.Leads.OrderBy(l => l.Email)
            .Select(l => new { l.Id, l.Email, l.Stage, l.OwnerId, l.TeamId, l.Action, l.Tier, l.SegmentId, l.RespondBy, l.Version, l.Intent })
            .ToListAsync();
        var emailOf = leads.ToDictionary(l => l.Id, l => l.Email);
        var signals = (await db.Signals.Select(s => new { s.LeadId, s.Type }).ToListAsync())
            .GroupBy(s => emailOf[s.LeadId]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}");
        var decisions = (await db.Decisions.Select(d => new { d.LeadId, d.Reason, d.OwnerId, d.Status }).ToListAsync())
            .Select(d => $"{emailOf[d.LeadId]}:{d.Reason}:{d.OwnerId}:{d.Status}").Order(StringComparer.Ordinal);
        var tasks = (await db.LeadTasks.Select(t => new { t.LeadId, t.RepId, t.CancelledAt }).ToListAsync())
            .Select(t => $"{emailOf[t.LeadId]}:{t.RepId}:{t.CancelledAt is null}").Order(StringComparer.Ordinal);
        var audit = (await db.AuditEvents.Where(e => e.LeadId != null).Select(e => new { e.LeadId, e.Type, e.Detail }).ToListAsync())
            .Select(e => $"{emailOf[e.LeadId!]}:{e.Type}:{e.Detail}").Order(StringComparer.Ordinal);
        var outbox = (await db.Outbox.Where(m => m.Type != "ImportDigest").Select(m => m.Type).ToListAsync()).Order(StringComparer.Ordinal);
        var loads = await db.RepStates.OrderBy(r => r.RepId).Select(r => r.RepId + ":" + r.OpenLeads).ToListAsync();
        var passes = await db.RoundRobinPasses.OrderBy(p => p.PoolKey).ThenBy(p => p.RepId).Select(p => p.PoolKey + "/" + p.RepId + ":" + p.Pass + "/" + p.Credit).ToListAsync();
        var pools = await db.RoundRobinPools.OrderBy(p => p.PoolKey).Select(p => p.PoolKey + ":" + p.VirtualTime + "/" + p.Accrued).ToListAsync();
        return string.Join("\n",
            "leads " + string.Join(" ", leads.Select(l => $"{l.Email}:{l.Stage}:{l.OwnerId}:{l.TeamId}:{l.Action}:{l.Tier}:{l.SegmentId}:{l.Intent}:{l.RespondBy?.UtcTicks}:v{l.Version}")),
            "signals " + string.Join(" ", signals),
            "decisions " + string.Join(" ", decisions),
            "tasks " + string.Join(" ", tasks),
            "audit " + string.Join(" ", audit),
            "outbox " + string.Join(" ", outbox),
            "loads " + string.Join(" ", loads),
            "passes " + string.Join(" ", passes),
            "pools " + string.Join(" ", pools));
    }

    [Fact]
    public async Task An_import_in_chunks_stores_what_the_same_rows_sent_one_by_one_store_and_merges_within_and_across_chunks()
    {
        var file = new StringContent(Csv(), Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await _imported.CreateApiClient(ApiScopes.Ingest).PostAsync("/api/leads/import", new MultipartFormDataContent { { file, LeadImportApi.FileField, "leads.csv" } });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        var summary = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((Rows, Rows, 0), ((int)summary["rows"]!, (int)summary["created"]! + (int)summary["merged"]!, (int)summary["rejected"]!));

        // Every row is listed in file order; a person's first row creates a lead, and a merged row names the lead its
        // person's rows went to last (a repeat of a closed lead, e.g. disqualified, starts a new one).
        var listed = summary["leads"]!.AsArray().Select(l => ((int)l!["line"]!, (string)l["leadId"]!, (string)l["outcome"]!)).ToList();
        Assert.Equal(Enumerable.Range(2, Rows), listed.Select(l => l.Item1));
        var last = new Dictionary<int, string>();
        var mergedWithinChunk = 0;
        var mergedAcrossChunks = 0;
        for (var i = 0; i < Rows; i++)
        {
            var person = i % People;
            if (i < People)
            {
                Assert.Equal("Created", listed[i].Item3);
            }
            else if (listed[i].Item3 == "Merged")
            {
                Assert.Equal(last[person], listed[i].Item2);
                var chunk = i / LeadImportService.RouteRowsPerItem;
                if ((i - People) / LeadImportService.RouteRowsPerItem == chunk)
                {
                    mergedWithinChunk++;
                }
                else
                {
                    mergedAcrossChunks++;
                }
            }

            last[person] = listed[i].Item2;
        }

        Assert.True(mergedWithinChunk > 0 && mergedAcrossChunks > 0, $"merged within a chunk {mergedWithinChunk}, across chunks {mergedAcrossChunks}");

        var client = _posted.CreateApiClient(ApiScopes.Ingest);
        for (var i = 0; i < Rows; i++)
        {
            var posted = await client.PostAsJsonAsync("/api/leads", Person(i % People));
            Assert.True(posted.IsSuccessStatusCode, $"row {i}: {posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        }

        var expected = await StoredStateAsync(_posted);
        Assert.Contains("Assigned", expected, StringComparison.Ordinal);
        Assert.Equal(expected, await StoredStateAsync(_imported));
    }
}
