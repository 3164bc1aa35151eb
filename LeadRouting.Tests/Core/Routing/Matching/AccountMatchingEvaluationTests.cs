using System.Globalization;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Routing.Matching;
using Xunit.Abstractions;

namespace LeadRouting.Tests.Core.Routing.Matching;

/// <summary>
/// Precision and recall of account matching on the labelled pairs in <c>account-pairs.csv</c> (issue 19's goal:
/// precision ≥ 0.98 at recall ≥ 0.90 at the default threshold). The pairs were written by
/// <c>scripts/generate-account-pairs.py</c> from hand-made lists, never by the matcher. Each pair is asked as a lead
/// (company, domain, country) against a matcher that holds the pair's account; a match at or above the threshold is a
/// predicted match. The table printed here is the one in docs/BENCHMARKS.md.
/// </summary>
public sealed class AccountMatchingEvaluationTests(ITestOutputHelper output)
{
    private sealed record Pair(string LeadCompany, string LeadDomain, string LeadCountry, AccountRecord Account, bool Label, string Kind);

    private static IReadOnlyList<Pair> Pairs()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Core", "Routing", "Matching", "account-pairs.csv");
        return [.. File.ReadLines(path).Skip(1).Select(Parse)];
    }

    /// <summary>The generator writes no quoted fields with commas except names, which it quotes: a small CSV reader suffices.</summary>
    private static Pair Parse(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        var account = new AccountRecord { Name = fields[3], Domain = fields[4], Country = fields[5] };
        return new Pair(fields[0], fields[1], fields[2], account, fields[6] == "1", fields[7]);
    }

    private static bool Predicted(Pair pair, double threshold)
    {
        var matcher = new AccountMatcher([pair.Account]);
        var match = matcher.Match(new AccountQuery(pair.LeadDomain.Length == 0 ? null : pair.LeadDomain, pair.LeadCompany, pair.LeadCountry));
        return match is not null && match.Confidence >= threshold;
    }

    [Fact]
    public void The_labelled_set_has_at_least_500_pairs_of_both_kinds()
    {
        var pairs = Pairs();

        Assert.True(pairs.Count >= 500, $"{pairs.Count} pairs");
        Assert.True(pairs.Count(p => !p.Label) >= 150, "non-matches");
        Assert.Contains(pairs, p => p.LeadCompany == "Siemens Energy" && p.Account.Name == "Siemens AG" && !p.Label);
        Assert.Contains(pairs, p => p.LeadCompany == "Deutsche Bahn" && p.Account.Name == "Deutsche Bank AG" && !p.Label);
    }

    [Fact]
    public void At_the_default_threshold_precision_is_at_least_098_at_recall_at_least_090()
    {
        var pairs = Pairs();
        var table = new List<string> { "| threshold | pairs | TP | FP | FN | TN | precision | recall |", "|---|---|---|---|---|---|---|---|" };
        (double Precision, double Recall) atDefault = default;
        foreach (var threshold in new[] { 0.75, 0.80, 0.85, 0.90, 0.95 })
        {
            int tp = 0, fp = 0, fn = 0, tn = 0;
            foreach (var pair in pairs)
            {
                var predicted = Predicted(pair, threshold);
                if (predicted && pair.Label) tp++;
                else if (predicted) fp++;
                else if (pair.Label) fn++;
                else tn++;
            }

            var precision = tp + fp == 0 ? 1 : (double)tp / (tp + fp);
            var recall = (double)tp / (tp + fn);
            table.Add(string.Create(CultureInfo.InvariantCulture, $"| {threshold:0.00} | {pairs.Count} | {tp} | {fp} | {fn} | {tn} | {precision:0.000} | {recall:0.000} |"));
            if (threshold == AccountMatchingPolicy.DefaultCountsAt)
            {
                atDefault = (precision, recall);
            }
        }

        output.WriteLine(string.Join('\n', table));
        foreach (var kind in pairs.GroupBy(p => (p.Kind, p.Label)).OrderBy(g => g.Key.Label).ThenBy(g => g.Key.Kind))
        {
            var right = kind.Count(p => Predicted(p, AccountMatchingPolicy.DefaultCountsAt) == p.Label);
            output.WriteLine($"| {kind.Key.Kind} | {(kind.Key.Label ? "match" : "non-match")} | {kind.Count()} | {right} |");
        }

        foreach (var wrong in pairs.Where(p => Predicted(p, AccountMatchingPolicy.DefaultCountsAt) != p.Label))
        {
            output.WriteLine($"wrong: {wrong.LeadCompany} / {wrong.LeadDomain} vs {wrong.Account.Name} (label {wrong.Label}, {wrong.Kind})");
        }

        Assert.True(atDefault.Recall >= 0.90, $"recall {atDefault.Recall:0.000}");
        Assert.True(atDefault.Precision >= 0.98, $"precision {atDefault.Precision:0.000}");
    }
}
