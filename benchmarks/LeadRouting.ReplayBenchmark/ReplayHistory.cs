using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;

namespace LeadRouting.ReplayBenchmark;

/// <summary>
/// A reproducible mix of leads over a window (fixed seed): every source, sizes from 5 to 5,000 employees, the demo
/// roster's countries and some others, repeat companies (so accounts come into play), a third with earlier signals,
/// and a quarter closed within ten days.
/// </summary>
internal static class ReplayHistory
{
    private static readonly string[] Countries = ["DE", "AT", "CH", "GB", "IE", "US", "CA", "FR", "NL", "BR", "ES"];
    private static readonly string[] Industries = ["Software", "Fintech", "Financial Services", "E-Commerce", "Retail", "Manufacturing", "Healthcare"];
    private static readonly SignalType[] Sources =
    [
        SignalType.DemoRequest, SignalType.ContactSales, SignalType.PricingPageVisit, SignalType.Webinar, SignalType.ContentDownload,
        SignalType.CaseStudyView, SignalType.NewsletterSignup, SignalType.EventBadgeScan,
    ];

    public static IEnumerable<(LeadSubmission Submission, DateTimeOffset? ClosedAt)> Generate(int count, DateTimeOffset from, DateTimeOffset to, int seed = 2026)
    {
        var random = new Random(seed);
        var step = (to - from).Ticks / count;
        for (var i = 0; i < count; i++)
        {
            var at = from.AddTicks(step * i);
            var company = random.Next(count / 4);
            var source = Sources[random.Next(Sources.Length)];
            IReadOnlyList<Signal> signals = random.Next(3) == 0
                ? [new Signal(SignalType.PricingPageVisit, at.AddDays(-2)), new Signal(SignalType.ContentDownload, at.AddDays(-5))]
                : [];
            yield return (
                new LeadSubmission
                {
                    ExternalId = $"replay-{seed}-{i}",
                    Email = $"person{i}@company{company}.example",
                    FirstName = "Person",
                    LastName = $"No{i}",
                    Company = $"Company {company}",
                    Employees = random.Next(5, 5_000),
                    Industry = Industries[random.Next(Industries.Length)],
                    Country = Countries[random.Next(Countries.Length)],
                    TechStack = random.Next(2) == 0 ? ["HubSpot", "Snowflake"] : [],
                    Source = source,
                    Signals = signals,
                    EstimatedDealSize = random.Next(3) == 0 ? random.Next(1_000, 150_000) : null,
                    ReceivedAt = at,
                },
                random.Next(4) == 0 ? at.AddDays(random.Next(1, 10)) : null);
        }
    }

    /// <summary>The draft the benchmark compares: Austria handled by the UK team, every third rep with weight 2 and a third less capacity.</summary>
    public static RoutingConfiguration Draft(RoutingConfiguration published) => published with
    {
        Organisation = published.Organisation with
        {
            Segments =
            [
                new Segment { Id = new SegmentId("at-to-uki"), Name = "Austria from London", Priority = 1, Team = new TeamId("uki"), Countries = ["AT"] },
                .. published.Organisation.Segments,
            ],
            Reps = [.. published.Organisation.Reps.Select((r, i) => i % 3 == 0 ? r with { Weight = 2, Capacity = Math.Max(1, r.Capacity * 2 / 3) } : r)],
        },
    };
}
