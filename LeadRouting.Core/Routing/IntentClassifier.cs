using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Routing;

/// <summary>Intent from the signals of the last N days (DESIGN.md §3). A signal exactly N days old still counts.</summary>
public sealed class IntentClassifier(IntentPolicy policy)
{
    private readonly IntentRule[] _rules = [.. policy.Rules.OrderByDescending(r => r.Intent)];
    private readonly TimeSpan _window = TimeSpan.FromDays(policy.SignalWindowDays);

    public IntentResult Classify(IEnumerable<Signal> signals, DateTimeOffset now)
    {
        Span<int> counts = stackalloc int[SignalTypeCount];
        var cutoff = now - _window;
        var ignored = 0;
        foreach (var signal in signals)
        {
            if (signal.At >= cutoff)
            {
                counts[(int)signal.Type]++;
            }
            else
            {
                ignored++;
            }
        }

        foreach (var rule in _rules)
        {
            var count = counts[(int)rule.Signal];
            if (count >= rule.MinCount)
            {
                return new IntentResult(rule.Intent, rule, count, ignored);
            }
        }

        return new IntentResult(policy.Default, null, 0, ignored);
    }

    private static readonly int SignalTypeCount = Enum.GetValues<SignalType>().Length;
}

public sealed record IntentResult(Intent Intent, IntentRule? Rule, int Count, int IgnoredAsOld)
{
    public string Explain(int windowDays) =>
        (Rule is null
            ? $"no qualifying signal in the last {windowDays} days → {Intent}"
            : $"{Count}× {Rule.Signal} (rule: ≥ {Rule.MinCount}) in the last {windowDays} days → {Intent}")
        + (IgnoredAsOld > 0 ? $"; {IgnoredAsOld} older signal(s) ignored" : "");
}
