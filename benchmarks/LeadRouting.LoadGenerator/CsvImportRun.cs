using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LeadRouting.LoadGenerator;

/// <summary>
/// <c>--mode csv</c>: one file of generated leads posted to <c>/api/leads/import</c> as <c>text/csv</c>, timed from send
/// to answer — then the same file again, as a user re-uploading an export does: every row has been seen (its
/// <c>externalId</c>), so the second upload stores nothing and must cost less than the first.
/// </summary>
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
            $"{options.Url} (run tag {mix.RunTag}); then the same file again (re-upload)");

        using var client = new IngestClient(options, connections: Warmup.Clients, timeout: ImportTimeout);
        await RepCapacity.ApplyAsync(client, options, output);
        await Warmup.RunAsync(client, mix, options);

        var first = await PostAsync(client, bytes, options.Rows, "first import", output);
        if (first is not { Counts.Created: var created } || created != options.Rows)
        {
            return 1;
        }

        var again = await PostAsync(client, bytes, options.Rows, "re-upload", output);
        if (again is not { Counts.Replayed: var replayed } || replayed != options.Rows)
        {
            return 1;
        }

        Report.Line(output, "re-upload / first", $"{again.Value.Elapsed / first.Value.Elapsed:F2} × the first import's wall time");
        Report.GeneratorCpu(output);
        return 0;
    }

    private readonly record struct ImportCounts(int Rows, int Created, int Merged, int Replayed, int Rejected);

    private static async Task<(TimeSpan Elapsed, ImportCounts Counts)?> PostAsync(IngestClient client, byte[] bytes, int rows, string label, TextWriter output)
    {
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
            Report.Line(output, $"{label}: wall time", $"over {ImportTimeout.TotalMinutes:F0} min: the client gave up (timeout)");
            return null;
        }

        using (response)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var body = await response.Content.ReadAsStringAsync();
            Report.Line(output, $"{label}: status", $"{(int)response.StatusCode} {response.ReasonPhrase}");
            Report.Line(output, $"{label}: wall time", $"{elapsed.TotalSeconds:F2} s  ({rows / elapsed.TotalSeconds:N1} rows/s, {elapsed.TotalMilliseconds / rows:F2} ms per row)");
            if (!response.IsSuccessStatusCode)
            {
                Report.Line(output, $"{label}: body", body.Length > 1000 ? body[..1000] + "…" : body);
                return null;
            }

            using var summary = JsonDocument.Parse(body);
            var root = summary.RootElement;
            int Count(string name) => root.TryGetProperty(name, out var value) && value.TryGetInt32(out var n) ? n : -1;
            var counts = new ImportCounts(Count("rows"), Count("created"), Count("merged"), Count("replayed"), Count("rejected"));
            Report.Line(output, $"{label}: summary", $"rows {counts.Rows:N0}, created {counts.Created:N0}, merged {counts.Merged:N0}, replayed {counts.Replayed:N0}, rejected {counts.Rejected:N0}");
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                foreach (var error in errors.EnumerateArray().Take(3))
                {
                    Report.Line(output, $"{label}: rejected row", error.GetRawText());
                }
            }

            return (elapsed, counts);
        }
    }
}
