using System.Diagnostics;

namespace LeadRouting.LoadGenerator;

/// <summary>
/// <c>--mode rate</c>: an open loop. Lead <c>i</c> is due at <c>start + i / rate</c> and is sent then, whether or not earlier
/// leads have been answered; its latency runs from that planned time, not from when it actually left, so a server (or a
/// client connection pool) that falls behind shows up as queueing instead of being hidden by a slower send rate
/// (coordinated omission).
/// </summary>
public static class OpenLoopRun
{
    /// <summary>The dispatcher wakes at least this often; a due lead is never sent later than about this (plus timer slack).</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    public static async Task<int> RunAsync(LoadOptions options, LeadMix mix, TextWriter output)
    {
        var connections = options.RateConnections;
        using var client = new IngestClient(options, connections, timeout: TimeSpan.FromSeconds(options.DrainSeconds + options.DurationSeconds + options.WarmupSeconds));
        var total = options.Rate * options.DurationSeconds;
        var ticksPerLead = (double)Stopwatch.Frequency / options.Rate;

        // One slot per planned lead, written only by that lead's task: [planned, sent, answered] in stopwatch ticks.
        var planned = new long[total];
        var sent = new long[total];
        var answered = new long[total];
        var outcomes = new string?[total];
        var inFlight = new List<Task>(total);

        output.WriteLine($"mode rate: {options.Rate:N0} leads/s open loop for {options.DurationSeconds} s after a {options.WarmupSeconds} s closed-loop warm-up " +
            $"({Warmup.Clients} clients), {connections} connections, latency from the planned send time, {options.Url} (run tag {mix.RunTag})");

        // A closed loop always ends with nothing queued, where a warm-up at the target rate would start the measurement
        // behind schedule. Then one lead on every connection at once, so that opening connections is not measured either.
        await RepCapacity.ApplyAsync(client, options, output);
        await Warmup.RunAsync(client, mix, options);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => client.PostLeadAsync(mix.Next()!.ToJson(), record: false, CancellationToken.None)));
        await Task.Delay(TimeSpan.FromSeconds(1));

        using var drain = new CancellationTokenSource();
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        for (var i = 0; i < total;)
        {
            var now = Stopwatch.GetTimestamp();
            for (; i < total && start + (long)(i * ticksPerLead) <= now; i++)
            {
                var index = i;
                planned[index] = start + (long)(index * ticksPerLead);
                var body = mix.Next()!.ToJson();
                inFlight.Add(SendAsync(index, body));
            }

            if (i < total)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (long)(i * ticksPerLead));
                await Task.Delay(wait > Tick ? wait : Tick);
            }
        }

        var lastPlanned = planned[^1];
        var all = Task.WhenAll(inFlight);
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(options.DrainSeconds))) != all)
        {
            await drain.CancelAsync();
        }

        await all;

        var measured = Enumerable.Range(0, total).ToArray();
        var answeredMeasured = measured.Where(i => outcomes[i] is { Length: 3 }).ToArray();
        var created = client.Outcomes.GetValueOrDefault("201");
        var firstPlanned = planned[0];
        var lastAnswer = answeredMeasured.Length == 0 ? lastPlanned : answeredMeasured.Max(i => answered[i]);
        var window = Stopwatch.GetElapsedTime(firstPlanned, Math.Max(lastAnswer, lastPlanned));
        var sendWindow = Stopwatch.GetElapsedTime(measured.Min(i => sent[i]), measured.Max(i => sent[i]));
        var unanswered = measured.Length - answeredMeasured.Length;

        Report.Outcomes(output, client);
        Report.Line(output, "offered", $"{options.Rate:N0} leads/s planned; sent {measured.Length / Math.Max(sendWindow.TotalSeconds, 1e-9):N1}/s over {sendWindow.TotalSeconds:F2} s");
        Report.Line(output, "achieved", $"{created / window.TotalSeconds:N1} leads/s  (201 answers / {window.TotalSeconds:F2} s from the first planned send to the last answer)");
        Report.Line(output, "latency ms", LatencySummary.FromTicks(answeredMeasured.Select(i => answered[i] - planned[i])) + "  from the planned send time");
        Report.Line(output, "service ms", LatencySummary.FromTicks(answeredMeasured.Select(i => answered[i] - sent[i])) + "  from handing the request to HttpClient (hides the schedule's queueing; for comparison)");
        Report.Line(output, "send lag ms", LatencySummary.FromTicks(measured.Select(i => sent[i] - planned[i])) + "  (the generator's own delay in sending)");
        if (unanswered > 0)
        {
            Report.Line(output, "unanswered", $"{unanswered:N0} measured leads got no HTTP answer (see outcomes)");
        }

        Report.GeneratorCpu(output);
        Timeline(output, measured, planned, answered, outcomes, firstPlanned);
        Report.RoutingSample(output, client);
        return client.Outcomes.Keys.All(k => k == "201") ? 0 : 1;

        static void Timeline(TextWriter output, int[] measured, long[] planned, long[] answered, string?[] outcomes, long origin)
        {
            // Per second of the measured window: leads planned in it and their latency, answers that arrived in it. Shows
            // whether a queue builds steadily (a server below the rate) or in steps (stalls).
            var answers = measured.Where(i => outcomes[i] is { Length: 3 }).ToArray();
            var lastSecond = (int)Stopwatch.GetElapsedTime(origin, answers.Length == 0 ? planned[^1] : Math.Max(planned[^1], answers.Max(i => answered[i]))).TotalSeconds;
            var answeredIn = new int[lastSecond + 1];
            foreach (var i in answers)
            {
                answeredIn[(int)Stopwatch.GetElapsedTime(origin, answered[i]).TotalSeconds]++;
            }

            Report.Line(output, "timeline", "second: leads planned in it, answers that arrived in it, latency of the leads planned in it (ms)");
            for (var second = 0; second <= lastSecond; second++)
            {
                var inSecond = measured.Where(i => (int)Stopwatch.GetElapsedTime(origin, planned[i]).TotalSeconds == second).ToArray();
                var latency = LatencySummary.FromTicks(inSecond.Where(i => outcomes[i] is { Length: 3 }).Select(i => answered[i] - planned[i]));
                output.WriteLine(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"               {second,3}: {inSecond.Length,5:N0} {answeredIn[second],6:N0}") + (inSecond.Length == 0
                        ? string.Empty
                        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"   p50 {latency.P50,8:F1}  p99 {latency.P99,8:F1}")));
            }
        }

        async Task SendAsync(int index, byte[] body)
        {
            // Yield first so the dispatcher is never held up by the synchronous part of sending.
            await Task.Yield();
            sent[index] = Stopwatch.GetTimestamp();
            outcomes[index] = await client.PostLeadAsync(body, record: true, drain.Token);
            answered[index] = Stopwatch.GetTimestamp();
        }
    }
}
