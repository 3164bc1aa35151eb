using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;

namespace LeadRouting.Tests.Core.Configuration;

/// <summary>
/// Issue 13 §5: any document the validator accepts routes any valid lead without an exception. Documents are the demo
/// organisation shaken hard — odd time zones, sparse or fragmented calendars, long holiday lists, SLA durations up to
/// the limit, empty and full pools, random matrices, tiers and segments — and every accepted one routes 1,000 random
/// leads (with reassignments) over a state that evolves as they are stored.
/// </summary>
[Slow(SlowBecause.Volume)]
public sealed class AcceptedDocumentsRouteTests
{
    private const int LeadsPerDocument = 1_000;

    private static readonly RoutingConfiguration Demo = ConfigurationLoader.LoadDemo();

    private static readonly string[] TimeZones =
    [
        "Europe/Berlin", "Europe/London", "America/New_York", "Etc/UTC", "Asia/Kathmandu", "Pacific/Chatham",
        "Australia/Lord_Howe", "America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago",
    ];

    private static readonly string[] Industries = ["Software", "Fintech", "Financial Services", "E-Commerce", "Manufacturing", "Retail"];
    private static readonly string[] Countries = ["DE", "AT", "CH", "GB", "FR", "NL", "US", "CA", "JP", "BR", "IE", "ES"];

    [Property(MaxTest = 60)]
    public Property Every_accepted_document_routes_random_leads_without_an_exception() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var config = Shake(Demo, random);
            var errors = ConfigurationValidator.Validate(config);
            return Prop.When(errors.Count == 0, () => RouteMany(config, random, seed)).Label($"seed {seed}");
        });

    [Fact]
    public void Most_shaken_documents_are_accepted_so_the_property_tests_something()
    {
        var random = new Random(20261206);
        var accepted = Enumerable.Range(0, 200).Count(_ => ConfigurationValidator.Validate(Shake(Demo, random)).Count == 0);
        Assert.True(accepted >= 60, $"only {accepted} of 200 shaken documents were accepted");
    }

    private static void RouteMany(RoutingConfiguration config, Random random, int seed)
    {
        var engine = new RoutingEngine(config);
        var state = new InMemoryRoutingState();
        var reps = config.Organisation.Reps;
        foreach (var rep in reps)
        {
            state.SetRepStatus(rep.Id, RandomStatus(rep, random));
        }

        // Accounts owned by reps of the document, by reps it no longer has, and by nobody.
        foreach (var (domain, i) in Domains.Select((d, i) => (d, i)).Where(_ => random.Next(3) == 0))
        {
            RepId? owner = random.Next(4) switch
            {
                0 => null,
                1 => new RepId($"gone-{i}"),
                _ => reps.Count == 0 ? null : reps[random.Next(reps.Count)].Id,
            };
            state.AddAccount(new AccountRecord { Domain = domain, Name = domain, OwnerId = owner, IsNamedAccount = random.Next(2) == 0, IsCustomer = random.Next(4) == 0 });
        }

        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 2 * 365 * 24 * 60));
        for (var i = 0; i < LeadsPerDocument; i++)
        {
            now = now.AddMinutes(random.Next(0, 600));
            var submission = RandomLead(random, now, i);
            var problems = new FieldErrors();
            LeadValidator.Validate(submission, now, problems);
            Assert.True(problems.IsEmpty, $"seed {seed}: the generator made an invalid lead: {string.Join("; ", problems.ToDictionary().SelectMany(p => p.Value))}");

            var lead = engine.Normalizer.Normalize(submission, now);
            var decision = engine.Route(lead, state, now);
            if (decision.DuplicateOf is null)
            {
                // A new lead is assigned exactly when it has an owner, and the owner is a rep of the document.
                Assert.Equal(decision.Status == LeadStage.Assigned, decision.OwnerId is not null);
                if (decision.OwnerId is { } owner)
                {
                    Assert.True(engine.Organisation.FindRep(owner) is not null, $"seed {seed}: lead {i} went to unknown rep {owner}");
                }
            }

            state.Apply(lead, decision);
            if (decision.OwnerId is { } assigned && random.Next(5) == 0)
            {
                engine.Reassign(lead, assigned, random.Next(0, RoutingEngine.MaxReassignments + 1), state, now.AddMinutes(random.Next(0, 10_000)),
                    new RouteOptions { ExcludedReps = new HashSet<RepId> { assigned } });
            }
        }
    }

    private static readonly string[] Domains =
    [
        "brightlabs.de", "siemens.com", "acme.io", "gmail.com", "example.org", "northwind.co.uk", "contoso.com", "fabrikam.de",
    ];

    private static LeadSubmission RandomLead(Random random, DateTimeOffset now, int i)
    {
        var sources = Enum.GetValues<SignalType>();
        var signals = Enumerable.Range(0, random.Next(0, 4))
            .Select(_ => new Signal(sources[random.Next(sources.Length)], now.AddMinutes(-random.Next(0, 60 * 24 * 45))))
            .ToList();
        return new LeadSubmission
        {
            Email = $"person{random.Next(0, 300)}@{Domains[random.Next(Domains.Length)]}",
            Company = random.Next(3) == 0 ? null : $"Company {i}",
            Employees = random.Next(5) == 0 ? null : random.Next(0, 3) switch { 0 => random.Next(0, 50), 1 => random.Next(50, 2_000), _ => random.Next(0, 1_000_000) },
            Industry = random.Next(4) == 0 ? null : Industries[random.Next(Industries.Length)],
            Country = random.Next(6) == 0 ? null : Countries[random.Next(Countries.Length)],
            TechStack = random.Next(2) == 0 ? [] : ["Salesforce"],
            Source = sources[random.Next(sources.Length)],
            Signals = signals,
            EstimatedDealSize = random.Next(3) == 0 ? null : random.Next(0, 4) switch { 0 => 0m, 1 => random.Next(1, 10_000), 2 => 50_000m, _ => random.Next(1, 1_000_000_000) },
            Referral = random.Next(10) switch { 0 => Referral.Vip, 1 => Referral.ExecutiveIntro, _ => Referral.None },
            ReceivedAt = random.Next(3) == 0 ? null : now.AddMinutes(-random.Next(0, 60 * 24 * 20)),
        };
    }

    private static RepStatus RandomStatus(Rep rep, Random random) => random.Next(6) switch
    {
        0 => new RepStatus(Availability.Away, null, random.Next(0, rep.Capacity + 2)),
        1 => new RepStatus(Availability.OutOfOffice, random.Next(2) == 0 ? null : new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero).AddDays(random.Next(0, 600)), 0),
        2 => new RepStatus(Availability.Available, null, rep.Capacity),
        _ => new RepStatus(Availability.Available, null, random.Next(0, Math.Max(1, rep.Capacity))),
    };

    /// <summary>The demo document with many of its tables replaced by random ones; references are mostly kept valid.</summary>
    private static RoutingConfiguration Shake(RoutingConfiguration config, Random random)
    {
        var org = config.Organisation;
        var calendars = org.Calendars.Select(c => random.Next(2) == 0 ? c : RandomCalendar(c.Id, random)).ToList();
        var teams = org.Teams;
        var levels = Enum.GetValues<RepLevel>();

        var reps = org.Reps
            .Where(_ => random.Next(5) != 0)
            .Select(r => r with
            {
                Capacity = random.Next(4) == 0 ? 0 : random.Next(0, 3) == 0 ? random.Next(1, 10_001) : r.Capacity,
                Weight = random.Next(1, 101),
                Active = random.Next(8) != 0,
                Level = random.Next(4) == 0 ? levels[random.Next(levels.Length)] : r.Level,
                Team = random.Next(5) == 0 ? teams[random.Next(teams.Count)].Id : r.Team,
                CalendarId = random.Next(4) == 0 ? calendars[random.Next(calendars.Count)].Id : r.CalendarId,
            })
            .ToList();
        var repIds = reps.Select(r => r.Id).ToHashSet();
        reps = [.. reps.Select(r => r.Backup is { } b && !repIds.Contains(b) ? r with { Backup = null } : r)];

        var policy = config.Policy;
        var slaNames = policy.SlaPolicies.Select(p => p.Name).ToList();
        var actions = Enum.GetValues<TreatmentAction>();
        return config with
        {
            Policy = policy with
            {
                Dedup = new DedupPolicy { SameEmailWindowDays = random.Next(0, 3_651) },
                Intent = policy.Intent with { SignalWindowDays = random.Next(1, 3_651) },
                Fit = policy.Fit with { StrongThreshold = random.Next(0, 101) },
                DisqualifyBelowFitScore = random.Next(0, 101),
                Fallback = [.. Enum.GetValues<FallbackStep>().Where(_ => random.Next(3) != 0).OrderBy(_ => random.Next())],
                Matrix = [.. policy.Matrix.Select(row => random.Next(2) == 0 ? row : row with
                {
                    Action = actions[random.Next(actions.Length)],
                    Immediate = random.Next(2) == 0,
                    SlaCap = random.Next(3) == 0 ? slaNames[random.Next(slaNames.Count)] : null,
                    QueuePriority = random.Next(0, 5),
                })],
                Tiers = [.. policy.Tiers.Select(t => random.Next(3) != 0 ? t : t with
                {
                    RepLevels = [.. levels.Where(_ => random.Next(3) == 0).DefaultIfEmpty(levels[random.Next(levels.Length)])],
                    FallbackLevels = [.. levels.Where(_ => random.Next(4) == 0)],
                    Distribution = Enum.GetValues<PoolDistribution>()[random.Next(3)],
                })],
                SdrLevels = [.. levels.Where(_ => random.Next(3) == 0).DefaultIfEmpty(RepLevel.Sdr)],
                SlaPolicies = [.. policy.SlaPolicies.Select(p => p with
                {
                    ResponseTarget = RandomDuration(random),
                    EscalationTrigger = RandomDuration(random),
                    Clock = random.Next(4) == 0 ? SlaClockMode.AroundTheClock : SlaClockMode.BusinessHours,
                })],
            },
            Organisation = org with
            {
                Calendars = calendars,
                Reps = reps,
                Teams = [.. teams.Select(t => t with { BackupPool = [.. t.BackupPool.Where(repIds.Contains)] })],
                Segments = [.. org.Segments.Select(s => s.IsCatchAll || random.Next(3) != 0 ? s : s with
                {
                    Priority = random.Next(0, 1_000),
                    Team = teams[random.Next(teams.Count)].Id,
                    Countries = [.. Countries.Where(_ => random.Next(4) == 0)],
                    MinEmployees = random.Next(2) == 0 ? null : random.Next(0, 500),
                    MaxEmployees = random.Next(2) == 0 ? null : random.Next(500, 100_000),
                    Industries = [.. Industries.Where(_ => random.Next(4) == 0)],
                })],
            },
        };
    }

    private static SlaDuration RandomDuration(Random random)
    {
        var unit = Enum.GetValues<DurationUnit>()[random.Next(3)];
        var max = ConfigurationValidator.MaxSlaAmount(unit);
        // Mostly ordinary durations, sometimes the longest allowed and sometimes just beyond it (refused).
        var amount = random.Next(20) switch
        {
            0 => max,
            1 => max + random.Next(1, 1_000),
            _ => random.Next(1, Math.Min(max, 500) + 1),
        };
        return new SlaDuration(amount, unit);
    }

    private static CalendarDefinition RandomCalendar(string id, Random random)
    {
        var days = Enum.GetValues<DayOfWeek>();
        var hours = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
        {
            var start = new TimeOnly(random.Next(0, 23), random.Next(0, 4) * 15);
            var end = random.Next(6) == 0 ? TimeOnly.MinValue : start.AddMinutes(random.Next(1, (24 * 60) - (start.Hour * 60) - start.Minute));
            return new WorkingHours([.. days.Where(_ => random.Next(3) == 0).DefaultIfEmpty(days[random.Next(7)])], start, end);
        }).ToList();
        var first = new DateOnly(2025, 1, 1);
        var holidays = Enumerable.Range(0, random.Next(0, 3) == 0 ? random.Next(0, 900) : random.Next(0, 20))
            .Select(_ => first.AddDays(random.Next(0, 4 * 365)))
            .Distinct()
            .ToList();
        return new CalendarDefinition { Id = id, Name = id, TimeZone = TimeZones[random.Next(TimeZones.Length)], Hours = hours, Holidays = holidays };
    }
}
