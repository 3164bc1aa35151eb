using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Replay;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Replay;

/// <summary>The replay routes the same person under another address like live routing does (issue 19), accounts matched by name included.</summary>
public sealed class ReplayPossibleDuplicateTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static RoutingConfiguration Configuration(string team) =>
        TestData.Configuration(
            reps:
            [
                TestData.Rep("sdr1", RepLevel.Sdr),
                TestData.Rep("sdr2", RepLevel.Sdr),
                TestData.Rep("sdr3", RepLevel.Sdr, team: "t2"),
                TestData.Rep("bk1", RepLevel.MidAe, team: "t2"),
                TestData.Rep("bk2", RepLevel.MidAe, team: "t2"),
            ],
            segments: [new Segment { Id = new SegmentId("all"), Name = "Everything", Priority = 100, Team = new TeamId(team) }]);

    /// <summary>A small retailer's demo request: <c>SdrQualify</c>, the team's SDR pool by round-robin.</summary>
    private static ReplayLead Lead(int number, string email, string first, string last, string? company) => new()
    {
        Id = new LeadId($"L{number:D3}"),
        Submission = new LeadSubmission
        {
            Email = email,
            FirstName = first,
            LastName = last,
            Company = company,
            Employees = 10,
            Industry = "Retail",
            Country = "DE",
            Source = SignalType.DemoRequest,
            ReceivedAt = Start.AddHours(number),
        },
    };

    [Fact]
    public void The_same_person_from_a_free_mail_address_and_from_the_company_reaches_one_rep()
    {
        // L001 finds Siemens AG by its company name only (a free-mail address, so no company domain and nothing "in play"):
        // without the same-person rule, the round-robin would send L002 to sdr2.
        var history = new[]
        {
            Lead(1, "anna.schmidt@gmail.com", "Anna", "Schmidt", "Siemens"),
            Lead(2, "anna.schmidt@siemens.com", "Anna", "Schmidt", null),
            Lead(3, "kim@other.example", "Kim", "Roe", "Other"),
        };
        var start = new ReplayStartState { Accounts = [new AccountRecord { Domain = "siemens.com", Name = "Siemens AG" }] };

        var result = ReplayEngine.Compare(history, Configuration("t1"), Configuration("t2"), start, new ReplayOptions { From = Start, To = Start.AddDays(1) });

        Assert.Equal(["sdr1", "sdr1", "sdr2"], result.ChangedLeads.Select(c => c.Published.OwnerId?.Value));
        Assert.All(result.ChangedLeads, c => Assert.Equal("sdr3", c.Draft.OwnerId?.Value));
    }
}
