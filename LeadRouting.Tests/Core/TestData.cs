using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core;

/// <summary>Small, readable organisations and leads for Core tests, built on the default policy document.</summary>
internal static class TestData
{
    /// <summary>Monday 30 Nov 2026, 10:00 Berlin (09:00 UTC): inside business hours.</summary>
    public static readonly DateTimeOffset Monday10Berlin = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    public static readonly TeamId Team = new("t1");

    public static CalendarDefinition AlwaysOpen { get; } = new()
    {
        Id = "always",
        Name = "Always open",
        TimeZone = "Etc/UTC",
        Hours = [new WorkingHours(Enum.GetValues<DayOfWeek>(), TimeOnly.MinValue, TimeOnly.MinValue)],
    };

    public static CalendarDefinition Berlin { get; } = new()
    {
        Id = "berlin",
        Name = "Berlin office",
        TimeZone = "Europe/Berlin",
        Hours = [new WorkingHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], new TimeOnly(9, 0), new TimeOnly(18, 0))],
        Holidays = [new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 26)],
    };

    public static Rep Rep(string id, RepLevel level, int weight = 1, int capacity = 100, string? backup = null, string team = "t1", string? calendar = null) => new()
    {
        Id = new RepId(id),
        Name = id,
        Level = level,
        Team = new TeamId(team),
        Weight = weight,
        Capacity = capacity,
        Backup = backup is null ? null : new RepId(backup),
        CalendarId = calendar,
    };

    /// <summary>One team with two reps of every level, a backup pool of two outside reps and a catch-all segment.</summary>
    public static IReadOnlyList<Rep> StandardReps { get; } =
    [
        Rep("sdr1", RepLevel.Sdr, backup: "sdr2"),
        Rep("sdr2", RepLevel.Sdr, backup: "sdr1"),
        Rep("jr1", RepLevel.JuniorAe, backup: "jr2"),
        Rep("jr2", RepLevel.JuniorAe, backup: "jr1"),
        Rep("mid1", RepLevel.MidAe, backup: "mid2"),
        Rep("mid2", RepLevel.MidAe, backup: "mid1"),
        Rep("sr1", RepLevel.SeniorAe, backup: "ad1"),
        Rep("ad1", RepLevel.AccountDirector, backup: "sr1"),
        Rep("bk1", RepLevel.MidAe, team: "t2"),
        Rep("bk2", RepLevel.MidAe, team: "t2"),
    ];

    public static RoutingConfiguration Configuration(IReadOnlyList<Rep>? reps = null, string teamCalendar = "always", IReadOnlyList<Segment>? segments = null)
    {
        var defaults = ConfigurationLoader.LoadDefault();
        return defaults with
        {
            Organisation = new Organisation
            {
                Regions = [new Region { Code = "DACH", Name = "DACH", Countries = ["DE", "AT", "CH"], ManagerName = "Region Boss", ManagerEmail = "boss@example.com" }],
                Calendars = [AlwaysOpen, Berlin],
                Teams =
                [
                    new Team { Id = Team, Name = "Team One", Region = "DACH", CalendarId = teamCalendar, ManagerName = "Manny", ManagerEmail = "manny@example.com", BackupPool = [new RepId("bk1"), new RepId("bk2")] },
                    new Team { Id = new TeamId("t2"), Name = "Team Two", Region = "DACH", CalendarId = "always" },
                ],
                Reps = reps ?? StandardReps,
                Segments = segments ?? [new Segment { Id = new SegmentId("all"), Name = "Everything", Priority = 100, Team = Team }],
            },
        };
    }

    public static RoutingEngine Engine(RoutingConfiguration? configuration = null) => new(configuration ?? Configuration());

    public static LeadSubmission Submission(
        SignalType source = SignalType.DemoRequest,
        string email = "pat@acme.io",
        int? employees = 500,
        string? industry = "Software",
        string? country = "DE",
        string[]? techStack = null,
        decimal? dealSize = null,
        Referral referral = Referral.None,
        IReadOnlyList<Signal>? signals = null,
        string? companyDomain = null) => new()
        {
            Email = email,
            FirstName = "Pat",
            LastName = "Doe",
            Company = "Acme",
            CompanyDomain = companyDomain,
            Employees = employees,
            Industry = industry,
            Country = country,
            TechStack = techStack ?? ["HubSpot"],
            Source = source,
            Signals = signals ?? [],
            EstimatedDealSize = dealSize,
            Referral = referral,
        };

    public static Lead Lead(RoutingEngine engine, LeadSubmission submission, DateTimeOffset? at = null) =>
        engine.Normalizer.Normalize(submission, at ?? Monday10Berlin);

    public static RoutingDecision Route(RoutingEngine engine, LeadSubmission submission, IRoutingState? state = null, DateTimeOffset? at = null) =>
        engine.Route(Lead(engine, submission, at), state ?? new InMemoryRoutingState(), at ?? Monday10Berlin);

    public static string TraceText(this RoutingDecision decision) =>
        string.Join("\n", decision.Trace.Select(t =>
            $"{t.Step}: {t.Input} => {t.Outcome}" + string.Concat(t.Excluded.Select(e => $" [{e.RepName}: {e.Reason}]"))));
}
