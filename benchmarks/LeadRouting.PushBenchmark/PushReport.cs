using System.Diagnostics;
using System.Globalization;
using LeadRouting.LoadGenerator;

namespace LeadRouting.PushBenchmark;

/// <summary>
/// The figures of a run. Push latency is, for every measured lead answered <c>201</c> and every hub client, the time from
/// the 201 to that client receiving the lead's <c>Routed</c> event (LeadEventKind.Routed: a new lead stored and routed),
/// both read from the one stopwatch of this process. A client that never received it counts as missing; a second
/// <c>Routed</c> event for the same lead on the same client as a duplicate.
/// </summary>
public sealed class PushReport
{
    public const string RoutedKind = "Routed";

    private readonly PushOptions _options;
    private readonly IReadOnlyList<SentLead> _measured;
    private readonly IReadOnlyList<SentLead> _created;
    private readonly List<(SentLead Lead, HubListener Listener, long Ticks)> _pushes = [];
    private readonly List<(SentLead Lead, HubListener Listener)> _missing = [];
    private readonly Dictionary<string, int> _otherKinds = new(StringComparer.Ordinal);
    private long _duplicates;
    private long _unknownRouted;

    public PushReport(PushOptions options, IReadOnlyList<SentLead> leads, IReadOnlyList<HubListener> listeners)
    {
        _options = options;
        _measured = leads.Where(l => l.Measured).ToArray();
        _created = _measured.Where(l => l.Created).ToArray();
        var byId = leads.Where(l => l.Created).ToDictionary(l => l.LeadId!, StringComparer.Ordinal);

        foreach (var listener in listeners)
        {
            var first = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var received in listener.Events)
            {
                if (received.Kind != RoutedKind)
                {
                    _otherKinds[received.Kind] = _otherKinds.GetValueOrDefault(received.Kind) + 1;
                }
                else if (!byId.ContainsKey(received.LeadId))
                {
                    _unknownRouted++;
                }
                else if (!first.TryAdd(received.LeadId, received.At))
                {
                    if (byId[received.LeadId].Measured)
                    {
                        _duplicates++;
                    }
                }
            }

            foreach (var lead in _created)
            {
                if (first.TryGetValue(lead.LeadId!, out var at))
                {
                    _pushes.Add((lead, listener, at - lead.Answered));
                }
                else
                {
                    _missing.Add((lead, listener));
                }
            }
        }
    }

    public bool Complete => _created.Count == _measured.Count && _missing.Count == 0 && _duplicates == 0;

    public void Write(TextWriter output, IReadOnlyDictionary<string, string> firstFailures, IReadOnlyList<HubListener> listeners)
    {
        var failed = _measured.Count - _created.Count;
        var byOutcome = string.Join(", ", _measured.GroupBy(l => l.Outcome ?? "none").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count():N0}"));
        Line(output, "leads", $"{_measured.Count:N0} sent, {_created.Count:N0} acknowledged (201), {failed:N0} failed  ({byOutcome})");
        foreach (var (outcome, body) in firstFailures.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Line(output, $"first {outcome}", body.ReplaceLineEndings(" "));
        }

        var throughput = Throughput();
        var api = Api();
        var push = LatencySummary.FromTicks(_pushes.Select(p => p.Ticks));
        Line(output, "offered", $"{_options.Rate:N0} leads/s for {_options.DurationSeconds} s after {_options.WarmupSeconds} s of warm-up, alternating over {_options.Urls.Count} instance(s)");
        Line(output, "achieved", $"{throughput:N1} leads/s  (201 answers from the first planned send to the last answer)");
        Line(output, "API ms", $"{api}  (planned send time → 201)");
        Line(output, "push ms", $"{push}  (201 → hub client received the Routed event; {_created.Count:N0} leads × {_options.Clients} clients)");
        Line(output, "send→push ms", $"{LatencySummary.FromTicks(_pushes.Select(p => p.Ticks + p.Lead.Answered - p.Lead.Planned))}  (planned send time → event received: never negative; for comparison)");
        var early = _pushes.Count(p => p.Ticks < 0);
        if (early > 0)
        {
            Line(output, string.Empty, $"{early:N0} of them arrived before the 201 (the app publishes after commit, while the answer is still on its way): negative latencies, counted as they are");
        }

        Line(output, "missing", $"{_missing.Count:N0} (lead, client) pairs never received the lead's Routed event (of {_created.Count * (long)_options.Clients:N0} expected)");
        Line(output, "duplicates", $"{_duplicates:N0} Routed events received a second time by the same client");
        if (_unknownRouted > 0)
        {
            Line(output, "unknown", $"{_unknownRouted:N0} Routed events of leads this run did not create");
        }

        if (_otherKinds.Count > 0)
        {
            Line(output, "other events", string.Join(", ", _otherKinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}: {k.Value:N0}")) + "  (not measured)");
        }

        var closed = listeners.Count(l => l.WasClosed);
        if (closed > 0)
        {
            Line(output, "dropped", $"{closed} of {listeners.Count} hub connections were closed during the run");
        }

        if (_options.Urls.Count > 1)
        {
            Line(output, "by instance", "lead posted to → client connected to: push latency, missing");
            for (var from = 0; from < _options.Urls.Count; from++)
            {
                for (var to = 0; to < _options.Urls.Count; to++)
                {
                    var (posted, connected) = (_options.Urls[from], _options.Urls[to]);
                    var pair = LatencySummary.FromTicks(_pushes.Where(p => p.Lead.Instance == from && p.Listener.Instance == connected).Select(p => p.Ticks));
                    var missing = _missing.Count(m => m.Lead.Instance == from && m.Listener.Instance == connected);
                    output.WriteLine($"               {posted.Authority} → {connected.Authority}: {pair}; missing {missing:N0}");
                }
            }
        }

        Line(output, "timeline", "second of the measured window: leads planned, push p50 / p99 ms of their events");
        var origin = _measured.Count == 0 ? 0 : _measured[0].Planned;
        foreach (var second in _pushes.GroupBy(p => (int)Stopwatch.GetElapsedTime(origin, p.Lead.Planned).TotalSeconds).OrderBy(g => g.Key))
        {
            var summary = LatencySummary.FromTicks(second.Select(p => p.Ticks));
            var planned = _measured.Count(l => (int)Stopwatch.GetElapsedTime(origin, l.Planned).TotalSeconds == second.Key);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"               {second.Key,3}: {planned,5:N0}   p50 {summary.P50,8:F1}  p99 {summary.P99,8:F1}"));
        }

        Report.GeneratorCpu(output);
        output.WriteLine();
        output.WriteLine("| setup | hub clients | offered | achieved | sent / 201 / failed | API p50 / p99 | push p50 / p90 / p99 / max | missing | duplicates |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var label = _options.Label ?? (_options.Urls.Count == 1 ? "1 instance" : $"{_options.Urls.Count} instances");
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {label} | {_options.Clients} | {_options.Rate:N0}/s | {throughput:N1}/s | {_measured.Count:N0} / {_created.Count:N0} / {failed:N0} | {api.P50:F1} / {api.P99:F1} ms | {push.P50:F1} / {push.P90:F1} / {push.P99:F1} / {push.Max:F1} ms | {_missing.Count:N0} | {_duplicates:N0} |"));
    }

    private LatencySummary Api() => LatencySummary.FromTicks(_created.Select(l => l.Answered - l.Planned));

    private double Throughput()
    {
        if (_created.Count == 0)
        {
            return 0;
        }

        var first = _measured.Min(l => l.Planned);
        var last = Math.Max(_measured.Max(l => l.Planned), _created.Max(l => l.Answered));
        return _created.Count / Stopwatch.GetElapsedTime(first, last).TotalSeconds;
    }

    private static void Line(TextWriter output, string label, string text) => Report.Line(output, label, text);
}
