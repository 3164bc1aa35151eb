using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadRouting.LoadGenerator;

/// <summary>
/// <c>--mode crm</c> (issue 16): a Salesforce-style lead export as a CRM hands it over — its own headers, US dates,
/// owners by name, statuses such as <c>Closed - Converted</c> — imported three ways, side by side in one run:
/// a dry run (<c>?dryRun=true</c>: routed against the live state, nothing stored), history mode (<c>?mode=history</c>:
/// stored as what the rows were, nothing routed) and route mode (every row routed as now). Each import gets its own
/// file of the same shape (fresh lead ids and addresses), so none of them replays another.
/// </summary>
public static class CrmImportRun
{
    private const string Header =
        "Lead ID,First Name,Last Name,Email,Company,No. of Employees,Industry,Country,Lead Source,Created Date,Lead Owner,Lead Status,Converted Date";

    private static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(30);
    private static readonly string[] Sources = ["Web", "Partner Referral", "Organic Search", "Trade Show", "Webinar", "Advertisement"];
    private static readonly string[] Statuses = ["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"];
    private static readonly string[] Countries = ["Germany", "Deutschland", "Austria", "Switzerland", "United Kingdom", "France", "United States", "USA", "DEU"];
    private static readonly string[] Industries = ["Software", "Manufacturing", "Finance", "Retail", "Healthcare"];

    public static async Task<int> RunAsync(LoadOptions options, LeadMix mix, TextWriter output)
    {
        using var client = new IngestClient(options, connections: Warmup.Clients, timeout: ImportTimeout);
        await RepCapacity.ApplyAsync(client, options, output);
        var owners = await OwnerNamesAsync(client);
        output.WriteLine($"mode crm: three Salesforce-style exports of {options.Rows:N0} rows each to /{IngestClient.ImportPath}?locale=en-US " +
            $"(owners by name from the {owners.Count} published reps), after a {options.WarmupSeconds} s warm-up of single leads, " +
            $"client timeout {ImportTimeout.TotalMinutes:F0} min, {options.Url} (run tag {mix.RunTag})");
        await Warmup.RunAsync(client, mix, options);

        var failed = false;
        foreach (var (label, query) in new[] { ("dry run", "dryRun=true"), ("history mode", "mode=history"), ("route mode", "mode=route") })
        {
            var file = Export(options.Rows, $"{mix.RunTag}{label[0]}", owners, options.Seed);
            failed |= !await PostAsync(client, file, options.Rows, label, query, output);
        }

        Report.GeneratorCpu(output);
        return failed ? 1 : 0;
    }

    /// <summary>The published reps' names: a CRM export names its owners as people, not ids.</summary>
    private static async Task<IReadOnlyList<string>> OwnerNamesAsync(IngestClient client)
    {
        var current = await client.Http.GetFromJsonAsync<JsonObject>("api/config")
            ?? throw new InvalidOperationException("GET /api/config returned nothing.");
        return [.. (current["configuration"]?["organisation"]?["reps"]?.AsArray() ?? [])
            .Select(rep => rep?["name"]?.GetValue<string>())
            .OfType<string>()];
    }

    /// <summary>
    /// <paramref name="rows"/> rows created over about two years before October 2026 (a fixed base date, so runs
    /// compare, and every conversion lies in the past), a quarter of them converted and a quarter lost, one in ten
    /// without an owner.
    /// </summary>
    public static byte[] Export(int rows, string tag, IReadOnlyList<string> owners, int seed)
    {
        var random = new Random(HashCode.Combine(seed, tag));
        var us = CultureInfo.GetCultureInfo("en-US");
        var since = new DateTime(2024, 10, 1, 8, 0, 0, DateTimeKind.Unspecified);
        var csv = new StringBuilder(rows * 200).Append(Header).Append('\n');
        for (var n = 0; n < rows; n++)
        {
            var created = since.AddMinutes(random.Next(0, 700 * 24 * 60));
            var status = Statuses[random.Next(Statuses.Length)];
            var converted = status == "Closed - Converted" ? created.AddDays(random.Next(1, 60)).ToString("M/d/yyyy", us) : "";
            var owner = owners.Count == 0 || random.Next(10) == 0 ? "" : owners[random.Next(owners.Count)];
            csv.Append(CultureInfo.InvariantCulture, $"00Q{tag}{n:D9},Lena{n},Muster{n},lena.{n}@{tag}-firma{n}.de,Firma {tag} {n} GmbH,")
                .Append(random.Next(5, 20_000).ToString("N0", us) is var employees && employees.Contains(',') ? $"\"{employees}\"" : employees).Append(',')
                .Append(Industries[random.Next(Industries.Length)]).Append(',')
                .Append(Countries[random.Next(Countries.Length)]).Append(',')
                .Append(Sources[random.Next(Sources.Length)]).Append(',')
                .Append(created.ToString("M/d/yyyy h:mm tt", us)).Append(',')
                .Append(owner).Append(',')
                .Append(status).Append(',')
                .Append(converted).Append('\n');
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(csv.ToString());
    }

    private static async Task<bool> PostAsync(IngestClient client, byte[] file, int rows, string label, string query, TextWriter output)
    {
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await client.Http.PostAsync($"{IngestClient.ImportPath}?locale=en-US&{query}", content);
        }
        catch (TaskCanceledException)
        {
            Report.Line(output, $"{label}: wall time", $"over {ImportTimeout.TotalMinutes:F0} min: the client gave up (timeout)");
            return false;
        }

        using (response)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var body = await response.Content.ReadAsStringAsync();
            Report.Line(output, $"{label}: status", $"{(int)response.StatusCode} {response.ReasonPhrase}  ({file.Length / 1024.0 / 1024.0:F1} MiB, ?{query})");
            Report.Line(output, $"{label}: wall time", $"{elapsed.TotalSeconds:F2} s  ({rows / elapsed.TotalSeconds:N0} rows/s, {elapsed.TotalMilliseconds / rows:F3} ms per row)");
            if (!response.IsSuccessStatusCode)
            {
                Report.Line(output, $"{label}: body", body.Length > 1000 ? body[..1000] + "…" : body);
                return false;
            }

            var root = JsonNode.Parse(body)!.AsObject();
            var counts = string.Join(", ", new[] { "rows", "created", "merged", "replayed", "rejected" }
                .Select(name => $"{name} {root[name]?.GetValue<int>():N0}"));
            Report.Line(output, $"{label}: summary", counts);
            if (root["outcomes"] is JsonObject outcomes)
            {
                Report.Line(output, $"{label}: outcomes", string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value?.GetValue<int>():N0}")));
            }

            if (root["errors"] is JsonArray { Count: > 0 } errors)
            {
                foreach (var error in errors.Take(3))
                {
                    Report.Line(output, $"{label}: rejected row", error!.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
                }
            }

            return (root["rejected"]?.GetValue<int>() ?? 0) == 0;
        }
    }
}
