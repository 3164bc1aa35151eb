using System.Globalization;

namespace LeadRouting.LoadGenerator;

/// <summary>The printed result: one labelled line per figure, invariant number formats, so runs diff cleanly.</summary>
public static class Report
{
    public static void Line(TextWriter output, string label, FormattableString text) =>
        Line(output, label, text.ToString(CultureInfo.InvariantCulture));

    public static void Line(TextWriter output, string label, string text) =>
        output.WriteLine($"  {label,-12} {text}");

    public static void Outcomes(TextWriter output, IngestClient client)
    {
        var total = client.Outcomes.Values.Sum();
        var byOutcome = string.Join(", ", client.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value:N0}"));
        Line(output, "requests", $"{total:N0} measured  ({byOutcome})");
        foreach (var (outcome, body) in client.FirstFailureBodies.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            Line(output, $"first {outcome}", body.ReplaceLineEndings(" "));
        }
    }

    /// <summary>The generator shares the machine with the app; what it used tells how much it took from the app.</summary>
    public static void GeneratorCpu(TextWriter output)
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var wall = DateTime.Now - self.StartTime;
        Line(output, "client CPU", $"{self.TotalProcessorTime.TotalSeconds:F1} s over {wall.TotalSeconds:F1} s of its run (the load generator itself, warm-up included)");
    }

    public static void RoutingSample(TextWriter output, IngestClient client)
    {
        var sampled = client.RoutingSample.Values.Sum();
        if (sampled == 0)
        {
            return;
        }

        var byStatus = client.RoutingSample
            .GroupBy(r => r.Key[..r.Key.IndexOf(" /", StringComparison.Ordinal)], r => r.Value, StringComparer.Ordinal)
            .Select(g => (Status: g.Key, Count: g.Sum()))
            .OrderByDescending(g => g.Count);
        Line(output, "routing", $"decisions of {sampled:N0} sampled created leads: " +
            string.Join(", ", byStatus.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Status} {100.0 * g.Count / sampled:F1}%"))));
        Line(output, string.Empty, "most frequent (status / action / team):");
        foreach (var (key, count) in client.RoutingSample.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Take(12))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"               {100.0 * count / sampled,5:F1}%  {key}"));
        }

        var rest = client.RoutingSample.Count - 12;
        if (rest > 0)
        {
            output.WriteLine($"               … and {rest} rarer combinations");
        }
    }
}
