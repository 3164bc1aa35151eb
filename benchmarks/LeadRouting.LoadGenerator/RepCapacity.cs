using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LeadRouting.LoadGenerator;

/// <summary>
/// <c>--rep-capacity N</c>: publishes the current configuration again with every rep's capacity set to N, through the
/// configuration API (admin scope). The demo roster's 28 reps hold 685 open leads between them, so a load test fills
/// them within its first seconds and from then on measures only leads that find no rep (Unassigned, Nurture); with a
/// large capacity the measured leads keep taking the assignment path (round-robin moves, rep load, SLA clocks).
/// </summary>
public static class RepCapacity
{
    public static async Task ApplyAsync(IngestClient client, LoadOptions options, TextWriter output)
    {
        if (options.RepCapacity is not { } capacity)
        {
            return;
        }

        var current = await client.Http.GetFromJsonAsync<JsonObject>("api/config")
            ?? throw new InvalidOperationException("GET /api/config returned nothing.");
        var configuration = current["configuration"]?.AsObject()
            ?? throw new InvalidOperationException("GET /api/config has no 'configuration'.");
        var reps = configuration["organisation"]?["reps"]?.AsArray()
            ?? throw new InvalidOperationException("The configuration has no organisation.reps.");
        foreach (var rep in reps)
        {
            rep!["capacity"] = capacity;
        }

        using var content = new StringContent(configuration.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var draft = await client.Http.PutAsync("api/config/draft", content);
        await EnsureAsync(draft, "PUT /api/config/draft");
        using var publish = await client.Http.PostAsync("api/config/publish", content: null);
        await EnsureAsync(publish, "POST /api/config/publish");
        var published = await publish.Content.ReadFromJsonAsync<JsonObject>();
        output.WriteLine($"  setup        every rep's capacity set to {capacity:N0} ({reps.Count} reps): configuration version {published?["version"]} published");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
