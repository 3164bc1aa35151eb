using System.Diagnostics;

namespace LeadRouting.LoadGenerator;

/// <summary>
/// <c>--mode max</c>: N clients, each posting its next lead as soon as the previous one is answered, for a warm-up and
/// then the measured duration. Sustained throughput is the 201 answers of the measured window over its length.
/// </summary>
public static class ClosedLoopRun
{
    private static readonly TimeSpan ErrorPause = TimeSpan.FromMilliseconds(50);

    public static async Task<int> RunAsync(LoadOptions options, LeadMix mix, TextWriter output)
    {
        using var client = new IngestClient(options, connections: options.Clients, timeout: TimeSpan.FromSeconds(60));

        output.WriteLine($"mode max: {options.Clients} clients, closed loop, {options.WarmupSeconds} s warm-up + {options.DurationSeconds} s measured, {options.Url} (run tag {mix.RunTag})");

        await RepCapacity.ApplyAsync(client, options, output);
        await Warmup.RunAsync(client, mix, options);

        var started = Stopwatch.GetTimestamp();
        var samples = await RunPhaseAsync(client, mix, options.Clients, TimeSpan.FromSeconds(options.DurationSeconds), record: true);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var created = client.Outcomes.GetValueOrDefault("201");
        Report.Outcomes(output, client);
        Report.Line(output, "leads/s", $"{created / elapsed.TotalSeconds:N1}  (201 answers / {elapsed.TotalSeconds:F2} s, in-flight requests at the end included)");
        Report.Line(output, "latency ms", LatencySummary.FromTicks(samples.Select(s => s.Latency)).ToString());
        if (created > 0)
        {
            Report.Line(output, "per lead", $"{elapsed.TotalMilliseconds / created:F2} ms of wall time per created lead ({options.Clients} clients)");
        }

        Report.GeneratorCpu(output);

        // Answers per second of the measured window: a rate that still climbs at the end was not yet sustained.
        var perSecond = new int[(int)elapsed.TotalSeconds + 1];
        foreach (var sample in samples)
        {
            perSecond[(int)Stopwatch.GetElapsedTime(started, sample.AnsweredAt).TotalSeconds]++;
        }

        Report.Line(output, "per second", string.Join(' ', perSecond));
        Report.RoutingSample(output, client);
        return client.Outcomes.Keys.All(k => k == "201") ? 0 : 1;
    }

    /// <summary>An HTTP answer: when it arrived and how long after its request was sent (stopwatch ticks).</summary>
    public readonly record struct Answer(long AnsweredAt, long Latency);

    /// <summary>
    /// <paramref name="clients"/> closed-loop clients for <paramref name="length"/> (requests in flight at the end are
    /// finished); the HTTP answers when <paramref name="record"/>. Also every mode's warm-up.
    /// </summary>
    public static async Task<List<Answer>> RunPhaseAsync(IngestClient client, LeadMix mix, int clients, TimeSpan length, bool record)
    {
        var phase = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var mine = new List<Answer>(4096);
            while (phase.Elapsed < length && mix.Next() is { } lead)
            {
                var body = lead.ToJson();
                var sent = Stopwatch.GetTimestamp();
                var outcome = await client.PostLeadAsync(body, record, CancellationToken.None);
                if (outcome.Length != 3)
                {
                    // No HTTP answer (refused, reset, timed out): counted, and not retried in a tight loop.
                    await Task.Delay(ErrorPause);
                }
                else if (record)
                {
                    var now = Stopwatch.GetTimestamp();
                    mine.Add(new Answer(now, now - sent));
                }
            }

            return mine;
        })).ToArray();

        var perWorker = await Task.WhenAll(workers);
        return [.. perWorker.SelectMany(l => l)];
    }
}
