using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Replay;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Golden;

/// <summary>
/// The two transcripts issue 21's golden tests pin (<see cref="TraceTextGoldenTests"/>, <see cref="ReplayGoldenTests"/>).
/// Free of test-framework types, so the same file can be compiled against an older Core to take the expected hashes.
/// </summary>
internal static class GoldenTranscripts
{
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static readonly DateTimeOffset[] Instants =
    [
        new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero),
        new(2026, 12, 2, 19, 45, 0, TimeSpan.Zero),
        new(2026, 12, 6, 23, 30, 0, TimeSpan.Zero),
        new(2026, 12, 7, 7, 10, 0, TimeSpan.Zero),
    ];

    /// <summary>Every decision's fields and its whole trace, one line per step.</summary>
    public static string TraceTranscript()
    {
        var text = new StringBuilder();
        var engine = new RoutingEngine(DemoRoster.Configuration());
        foreach (var start in Instants)
        {
            var state = DemoRoster.State(start);
            var submissions = GoldenLeads.Generate(1_000, i => start.AddMinutes(i * 7), seed: start.Day);
            foreach (var submission in submissions)
            {
                var now = submission.ReceivedAt!.Value;
                var lead = engine.Normalizer.Normalize(submission, now);
                var decision = engine.Route(lead, state, now);
                state.Apply(lead, decision);
                text.Append(lead.Email).Append(' ').Append(decision.Status).Append(' ').Append(decision.Action).Append(' ')
                    .Append(decision.OwnerId?.Value).Append(' ').Append(decision.RespondBy?.ToString("O")).Append('\n');
                foreach (var step in decision.Trace)
                {
                    text.Append(step.Step).Append(": ").Append(step.Input).Append(" => ").Append(step.Outcome);
                    foreach (var excluded in step.Excluded)
                    {
                        text.Append(" [").Append(excluded.RepId.Value).Append(' ').Append(excluded.RepName).Append(": ").Append(excluded.Reason).Append(']');
                    }

                    text.Append('\n');
                }
            }
        }

        return text.ToString();
    }

    private static readonly DateTimeOffset From = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The decisions of <see cref="TraceTranscript"/>'s leads, every field but the trace, routed with or without building
    /// the trace (<see cref="RouteOptions.BuildTrace"/>), and how many trace steps they carried.
    /// </summary>
    public static (string Decisions, int Steps) DecisionTranscript(bool buildTrace)
    {
        var text = new StringBuilder();
        var steps = 0;
        var engine = new RoutingEngine(DemoRoster.Configuration());
        var options = new RouteOptions { BuildTrace = buildTrace };
        foreach (var start in Instants)
        {
            var state = DemoRoster.State(start);
            foreach (var submission in GoldenLeads.Generate(1_000, i => start.AddMinutes(i * 7), seed: start.Day))
            {
                var now = submission.ReceivedAt!.Value;
                var lead = engine.Normalizer.Normalize(submission, now);
                var decision = engine.Route(lead, state, now, options);
                state.Apply(lead, decision);
                steps += decision.Trace.Count;
                text.Append(JsonSerializer.Serialize(decision with { Trace = [], Notices = [] }))
                    .Append(string.Join("|", decision.Notices.Select(n => $"{n.Reason},{n.ManagerName},{n.ManagerEmail},{n.TeamId}")))
                    .Append('\n');
            }
        }

        return (text.ToString(), steps);
    }

    public static RoutingConfiguration Draft(RoutingConfiguration published) => published with
    {
        Organisation = published.Organisation with
        {
            Segments =
            [
                new Segment { Id = new SegmentId("golden-at"), Name = "Austria from London", Priority = 1, Team = new TeamId("uki"), Countries = ["AT"] },
                .. published.Organisation.Segments,
            ],
            Reps = [.. published.Organisation.Reps.Select((r, i) => i % 3 == 0 ? r with { Weight = 2, Capacity = Math.Max(1, r.Capacity * 2 / 3) } : r)],
        },
    };

    public static string ReplayResultJson(IProgress<ReplayProgress>? progress = null)
    {
        var published = DemoRoster.Configuration();
        var history = GoldenLeads.Generate(6_000, i => From.AddMinutes(i * 7.2).AddSeconds(i % 13))
            .Select((s, i) => new ReplayLead { Id = new LeadId($"G{i:D5}"), Submission = s, ClosedAt = i % 4 == 0 ? s.ReceivedAt!.Value.AddDays(1 + (i % 9)) : null })
            .ToList();
        var start = new ReplayStartState
        {
            Accounts = DemoRoster.Accounts,
            Reps =
            [
                new RepAvailability(new RepId("dach-jr-1"), Availability.OutOfOffice, From.AddDays(12)),
                new RepAvailability(new RepId("uki-jr-2"), Availability.Away, null),
            ],
        };
        var options = new ReplayOptions { From = From, To = From.AddDays(30), MaxChangedLeads = 10_000 };
        var result = ReplayEngine.Compare(history, published, Draft(published), start, options, progress);
        return JsonSerializer.Serialize(result);
    }

}
