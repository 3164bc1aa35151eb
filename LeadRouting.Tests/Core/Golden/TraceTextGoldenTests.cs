namespace LeadRouting.Tests.Core.Golden;

/// <summary>
/// The trace's text is what "Why me?" shows and what is stored with every decision: making it cheaper to render (issue
/// 21) must not change a character. 4,000 generated leads (<see cref="GoldenLeads"/>) are routed against the demo
/// roster at four instants — a weekday in office hours, a weekday evening, a Sunday night and a Monday morning before
/// Sydney's evening — each decision applied, so loads, capacities, accounts in play and merges come into it; every
/// step's name, input, outcome and excluded reps with their reasons, and the decision's fields, are hashed
/// (<see cref="GoldenTranscripts.TraceTranscript"/>). The expected
/// hash was taken from the code before the change (commit f62b586).
/// </summary>
public sealed class TraceTextGoldenTests
{
    [Fact]
    public void The_rendered_trace_of_4000_decisions_is_the_same_text_as_before()
    {
        var transcript = GoldenTranscripts.TraceTranscript();

        var hash = GoldenTranscripts.Sha256(transcript);

        // Sanity: the mix reaches the paths the trace has sentences for.
        foreach (var step in new[] { "Intake", "Duplicate check", "Ownership", "Intent", "Fit", "Treatment", "Deal tier", "Segment", "Distribution", "Fallback", "SLA", "Exception" })
        {
            Assert.Contains($"\n{step}: ", transcript, StringComparison.Ordinal);
        }

        Assert.Contains("outside business hours", transcript, StringComparison.Ordinal);
        Assert.Contains("merged into it", transcript, StringComparison.Ordinal);
        Assert.Equal(ExpectedHash, hash);
    }

    [Fact]
    public void Routing_without_building_the_trace_decides_the_same()
    {
        var (traced, steps) = GoldenTranscripts.DecisionTranscript(buildTrace: true);
        var (untraced, none) = GoldenTranscripts.DecisionTranscript(buildTrace: false);

        Assert.True(steps > 4_000 * 8, $"{steps} steps");
        Assert.Equal(0, none);
        Assert.Equal(traced, untraced);
    }

    private const string ExpectedHash = "7241c7e9ccf52caeb7da27257c1acf1925b544e4f2d036b34f44256a6c6cd5ca";
}
