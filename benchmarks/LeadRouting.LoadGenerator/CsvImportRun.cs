using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LeadRouting.LoadGenerator;

/// <summary><c>--mode csv</c>: one file of generated leads posted to <c>/api/leads/import</c> as <c>text/csv</c>, timed from send to answer.</summary>
public static class CsvImportRun
{
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(30);

    public static async Task<int> RunAsync(LoadOptions options, LeadMix mix, TextWriter output)
    {
        var csv = new StringBuilder(options.Rows * 160);
        csv.Append(GeneratedLead.CsvHeader).Append('\n');
        for (var n = 0; n < options.Rows; n++)
        {
            mix.Next()!.WriteCsvRow(csv);
        }

        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(csv.ToString());
        output.WriteLine($"mode csv: {options.Rows:N0} rows ({bytes.Length / 1024.0 / 1024.0:F1} MiB) to /{IngestClient.ImportPath} as text/csv " +
            $"after a {options.WarmupSeconds} s warm-up of single leads ({Warmup.Clients} clients), client timeout {ImportTimeout.TotalMinutes:F0} min, " +
            $"{options.Url} (run tag {mix.RunTag})");

        using var client = new IngestClient(options, connections: Warmup.Clients, timeout: ImportTimeout);
        await RepCapacity.ApplyAsync(client, options, output);
        await Warmup.RunAsync(client, mix, options);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };

        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await client.Http.PostAsync(IngestClient.ImportPath, content);
        }
        catch (TaskCanceledException)
        {
            Report.Line(output, "wall time", $"over {ImportTimeout.TotalMinutes:F0} min: the client gave up (timeout)");
            return 1;
        }

        using (response)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var body = await response.Content.ReadAsStringAsync();
            Report.Line(output, "status", $"{(int)response.StatusCode} {response.ReasonPhrase}");
            Report.Line(output, "wall time", $"{elapsed.TotalSeconds:F2} s  ({options.Rows / elapsed.TotalSeconds:N1} rows/s, {elapsed.TotalMilliseconds / options.Rows:F2} ms per row)");
            if (!response.IsSuccessStatusCode)
            {
                Report.Line(output, "body", body.Length > 1000 ? body[..1000] + "…" : body);
                return 1;
            }

            using var summary = JsonDocument.Parse(body);
            var root = summary.RootElement;
            int Count(string name) => root.TryGetProperty(name, out var value) && value.TryGetInt32(out var n) ? n : -1;
            Report.Line(output, "summary", $"rows {Count("rows"):N0}, created {Count("created"):N0}, merged {Count("merged"):N0}, replayed {Count("replayed"):N0}, rejected {Count("rejected"):N0}");
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                foreach (var error in errors.EnumerateArray().Take(3))
                {
                    Report.Line(output, "rejected row", error.GetRawText());
                }
            }

            Report.GeneratorCpu(output);
            return Count("created") == options.Rows ? 0 : 1;
        }
    }
}
