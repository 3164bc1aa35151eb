using System.Diagnostics;
using System.Globalization;
using LeadRouting.Benchmarks.Scenario;

namespace LeadRouting.Benchmarks;

/// <summary>
/// Where rendering the trace's sentences goes (issue 21): routes the scenario's 4,096 leads, then times reading each
/// step's <c>Input</c> and <c>Outcome</c> with <see cref="Stopwatch.GetTimestamp"/>, summed per step name and divided by
/// the number of decisions, and the median per occurrence (robust on a shared machine, where a preempted read adds tens of
/// microseconds to the sums). A break-down, not a benchmark: the timestamps cost ~20 ns each and are not subtracted.
/// Run with <c>--trace-cost</c>.
/// </summary>
public static class TraceCost
{
    public static void Run(RoutingScenario scenario, int rounds = 20)
    {
        var invariant = CultureInfo.InvariantCulture;
        var leads = scenario.Leads;
        for (var round = 0; round < rounds; round++)
        {
            var perStep = new Dictionary<string, (long Input, long Outcome, int Count, long Chars)>(StringComparer.Ordinal);
            var samples = new Dictionary<string, List<long>>(StringComparer.Ordinal);
            var routeSamples = new List<long>(leads.Count);
            var renderSamples = new List<long>(leads.Count);
            long routeTicks = 0, renderTicks = 0, steps = 0;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            long routeAllocated = 0;
            foreach (var lead in leads)
            {
                var a0 = GC.GetAllocatedBytesForCurrentThread();
                var t0 = Stopwatch.GetTimestamp();
                var decision = scenario.Engine.Route(lead, scenario.State, RoutingScenario.Now);
                var t1 = Stopwatch.GetTimestamp();
                routeAllocated += GC.GetAllocatedBytesForCurrentThread() - a0;
                routeTicks += t1 - t0;
                routeSamples.Add(t1 - t0);
                long rendered = 0;
                foreach (var step in decision.Trace)
                {
                    var s0 = Stopwatch.GetTimestamp();
                    var input = step.Input;
                    var s1 = Stopwatch.GetTimestamp();
                    var outcome = step.Outcome;
                    var s2 = Stopwatch.GetTimestamp();
                    var entry = perStep.GetValueOrDefault(step.Step);
                    perStep[step.Step] = (entry.Input + (s1 - s0), entry.Outcome + (s2 - s1), entry.Count + 1, entry.Chars + input.Length + outcome.Length);
                    renderTicks += s2 - s0;
                    rendered += s2 - s0;
                    if (!samples.TryGetValue(step.Step, out var list))
                    {
                        samples[step.Step] = list = [];
                    }

                    list.Add(s2 - s0);
                    steps++;
                }

                renderSamples.Add(rendered);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (round < rounds - 3)
            {
                continue; // warm-up rounds
            }

            double Ns(long ticks) => ticks * 1e9 / Stopwatch.Frequency / leads.Count;
            static double Median(List<long> values)
            {
                values.Sort();
                return values[values.Count / 2] * 1e9 / Stopwatch.Frequency;
            }
            Console.WriteLine(string.Create(invariant,
                $"round {round + 1}: route {Ns(routeTicks):F0} ns ({routeAllocated / (double)leads.Count:F0} B), render {Ns(renderTicks):F0} ns " +
                $"({(allocated - routeAllocated) / (double)leads.Count:F0} B), {steps / (double)leads.Count:F2} steps per decision (mean ns per decision); " +
                $"medians: route {Median(routeSamples):F0} ns, render {Median(renderSamples):F0} ns"));
            foreach (var (name, (input, outcome, count, chars)) in perStep.OrderByDescending(p => p.Value.Input + p.Value.Outcome))
            {
                Console.WriteLine(string.Create(invariant, $"  {name,-16} input {Ns(input),6:F0}  outcome {Ns(outcome),6:F0}  median {Median(samples[name]),5:F0} ns per step  ({count / (double)leads.Count:F2} per decision, {chars / (double)count:F0} chars)"));
            }
        }
    }
}
