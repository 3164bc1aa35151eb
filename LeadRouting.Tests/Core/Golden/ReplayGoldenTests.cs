using LeadRouting.Core.Replay;

namespace LeadRouting.Tests.Core.Golden;

/// <summary>
/// What-if replay routes the two versions side by side and without building traces (issue 21): its result — the changed
/// counts, every changed lead with both outcomes, rep loads, pool fairness and team SLA pressure — must be what it was
/// when the two ran one after the other. 6,000 generated leads (<see cref="GoldenLeads"/>) over 30 days against the
/// demo roster and a draft that moves Austria to the UK team and changes weights and capacities; the result's JSON is
/// hashed, the expected hash taken from the code before the change (commit f62b586).
/// </summary>
public sealed class ReplayGoldenTests
{
    [Fact]
    public void Replaying_6000_leads_gives_the_same_result_as_before()
    {
        var progress = new List<ReplayProgress>();

        var json = GoldenTranscripts.ReplayResultJson(new Recorder(progress));

        Assert.Contains("\"ChangedLeadsTotal\":", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ChangedLeadsTotal\":0,", json, StringComparison.Ordinal);
        Assert.Equal(ExpectedHash, GoldenTranscripts.Sha256(json));

        // Progress from the two sides adds up, never goes back, and ends at both sides' total.
        Assert.Equal(new ReplayProgress(12_000, 12_000), progress[^1]);
        Assert.True(progress.Zip(progress.Skip(1)).All(p => p.First.Routed <= p.Second.Routed), "progress went back");
    }

    private const string ExpectedHash = "6d5c50c4919bdba6e126cafe3028164ca6ca724a6a0a1887f9addfb299b65f9e";

    /// <summary>Records reports in the order they were made (a <see cref="Progress{T}"/> would post them to the thread pool).</summary>
    private sealed class Recorder(List<ReplayProgress> reports) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
