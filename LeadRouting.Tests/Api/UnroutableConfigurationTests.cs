using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Security;

namespace LeadRouting.Tests.Api;

/// <summary>
/// Documents that cannot route are refused before they can go live (issue 13 §5): a draft whose publish would strand
/// every lead, or whose SLA no clock can reach, answers 400 naming the problem, and the live version stays.
/// </summary>
/// <remarks>
/// Each case is refused, so the published version stays version 1 for the next: the cases share one app, and each
/// routes a lead of its own.
/// </remarks>
public sealed class UnroutableConfigurationTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private readonly LeadRoutingApiFactory _factory = factory;

    public static TheoryData<string, string> Unroutable => new()
    {
        { "segments", "organisation.segments must not be empty" },
        { "reps", "organisation.reps must not be empty" },
        { "sla-hours", "beyond the longest SLA allowed" },
        { "sla-minutes", "beyond the longest SLA allowed" },
        { "holidays", "close it for" },
        { "sparse-calendar", "does not fit into 1098 days of calendar 'berlin'" },
    };

    private static void Break(JsonNode document, string how)
    {
        var organisation = document["organisation"]!;
        switch (how)
        {
            case "segments":
                organisation["segments"] = new JsonArray();
                break;
            case "reps":
                organisation["reps"] = new JsonArray();
                foreach (var team in organisation["teams"]!.AsArray())
                {
                    team!["backupPool"] = new JsonArray();
                }

                break;
            case "sla-hours":
                document["policy"]!["slaPolicies"]![2]!["responseTarget"] = new JsonObject { ["amount"] = 1_000_000_000, ["unit"] = "Hours" };
                break;
            case "sla-minutes":
                document["policy"]!["slaPolicies"]![0]!["escalationTrigger"] = new JsonObject { ["amount"] = int.MaxValue, ["unit"] = "Minutes" };
                break;
            case "sparse-calendar":
                // Open one hour a week: 2,000 business hours would take 38 years.
                organisation["calendars"]![0]!["hours"] = new JsonArray(new JsonObject { ["days"] = new JsonArray("Monday"), ["start"] = "09:00", ["end"] = "10:00" });
                document["policy"]!["slaPolicies"]![3]!["escalationTrigger"] = new JsonObject { ["amount"] = 2_000, ["unit"] = "Hours" };
                break;
            case "holidays":
                // Every day of two years is a holiday: no business-time clock could ever find working time.
                var start = new DateOnly(2027, 1, 1);
                organisation["calendars"]![0]!["holidays"] = new JsonArray([.. Enumerable.Range(0, 730).Select(d => (JsonNode)start.AddDays(d).ToString("yyyy-MM-dd"))]);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Unroutable))]
    public async Task An_unroutable_draft_is_refused_and_the_live_version_stays(string how, string message)
    {
        var admin = _factory.CreateApiClient(ApiScopes.Admin, ApiScopes.Ingest);
        var document = (await admin.GetFromJsonAsync<JsonObject>("/api/config"))!["configuration"]!.DeepClone();
        Break(document, how);

        var response = await admin.PutAsync("/api/config/draft", new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["configuration"]!.AsArray().Select(e => (string)e!);
        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/api/config/publish", null)).StatusCode);

        // Routing goes on with version 1.
        var lead = new JsonObject { ["email"] = $"{how}@brightlabs.de", ["employees"] = 350, ["industry"] = "Software", ["country"] = "DE", ["source"] = "EventBadgeScan" };
        var routed = await admin.PostAsJsonAsync("/api/leads", lead);
        Assert.Equal(HttpStatusCode.Created, routed.StatusCode);
    }
}
