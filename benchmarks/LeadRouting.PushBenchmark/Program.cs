using System.Diagnostics;
using LeadRouting.LoadGenerator;
using LeadRouting.PushBenchmark;

// End-to-end push latency (issue 7): hub clients on every instance, leads posted at a fixed rate, the time from each
// lead's 201 to each client receiving its Routed event. See PushOptions.Usage; run through benchmarks/push-latency.sh.
if (args is [] or ["--help"] or ["-h"])
{
    Console.WriteLine(PushOptions.Usage);
    return args is [] ? 2 : 0;
}

if (PushOptions.Parse(args, out var error) is not { } options)
{
    await Console.Error.WriteLineAsync(error);
    await Console.Error.WriteLineAsync(PushOptions.Usage);
    return 2;
}

var output = Console.Out;
var mix = new LeadMix(options.Seed);
output.WriteLine($"push latency: {options.Clients} hub clients over {string.Join(", ", options.Urls.Select(u => u.Authority))}; " +
    $"{options.Rate:N0} leads/s open loop, {options.WarmupSeconds} s warm-up + {options.DurationSeconds} s measured (run tag {mix.RunTag})");

var connecting = Stopwatch.StartNew();
var listeners = await HubListeners.ConnectAsync(options);
try
{
    output.WriteLine($"  {listeners.Count} hub clients connected and subscribed in {connecting.Elapsed.TotalSeconds:F1} s");

    using var sender = new LeadSender(options);
    var leads = await sender.RunAsync(mix, text => output.WriteLine("  " + text));

    // Events may still be on their way after the last answer: wait for all of them, or at most --drain seconds.
    var expected = (long)leads.Count(l => l.Created) * listeners.Count;
    var drain = Stopwatch.StartNew();
    while (listeners.Sum(l => (long)l.RoutedCount) < expected && drain.Elapsed < TimeSpan.FromSeconds(options.DrainSeconds))
    {
        await Task.Delay(100);
    }

    output.WriteLine($"  all answers in; waited {drain.Elapsed.TotalSeconds:F1} s for the last events");
    var report = new PushReport(options, leads, listeners.OrderBy(l => l.Index).ToArray());
    report.Write(output, sender.FirstFailures, listeners);
    return report.Complete ? 0 : 1;
}
finally
{
    await HubListeners.DisposeAllAsync(listeners);
}
