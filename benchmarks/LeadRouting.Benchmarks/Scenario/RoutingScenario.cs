using System.Globalization;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Benchmarks.Scenario;

/// <summary>
/// A large, deterministic routing scenario: the default policy with a generated organisation of 1,000 segments
/// (plus a catch-all) and 500 reps, a routing state with a mix of availability and load, and a fixed set of
/// pre-normalised leads. Everything comes from one <see cref="Random"/> with a fixed seed, so every run of the
/// benchmark routes exactly the same leads into exactly the same organisation.
/// </summary>
public sealed class RoutingScenario
{
    public const int DefaultSeed = 20261130;
    public const int SegmentCount = 1_000;
    public const int TeamCount = 50;
    public const int RepsPerTeam = 10;
    public const int LeadCount = 4_096;

    /// <summary>Monday 30 Nov 2026, 14:30 UTC: Berlin, London and New York are open, Sydney is closed (01:30 Tuesday).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 14, 30, 0, TimeSpan.Zero);

    private static readonly RepLevel[] TeamShape =
    [
        RepLevel.Sdr, RepLevel.Sdr, RepLevel.Sdr,
        RepLevel.JuniorAe, RepLevel.JuniorAe,
        RepLevel.MidAe, RepLevel.MidAe,
        RepLevel.SeniorAe, RepLevel.SeniorAe,
        RepLevel.AccountDirector,
    ];

    private static readonly (string Code, string Name, string[] Countries, string CalendarId)[] RegionTable =
    [
        ("DACH", "DACH", ["DE", "AT", "CH"], "berlin"),
        ("UKI", "UK & Ireland", ["GB", "IE"], "london"),
        ("WEU", "France & Benelux", ["FR", "BE", "NL", "LU"], "berlin"),
        ("NORDICS", "Nordics", ["SE", "DK", "NO", "FI"], "berlin"),
        ("SOUTH", "Southern Europe", ["ES", "IT", "PT"], "berlin"),
        ("NA", "North America", ["US", "CA"], "newyork"),
        ("APAC", "Asia-Pacific", ["AU", "NZ", "SG", "JP", "IN"], "sydney"),
    ];

    /// <summary>Countries no region covers: their leads only match segments without a geography criterion.</summary>
    private static readonly string[] UncoveredCountries = ["BR", "MX", "ZA", "PL"];

    private static readonly string[] Industries =
    [
        "Software", "Fintech", "Financial Services", "E-Commerce", "Manufacturing", "Healthcare",
        "Retail", "Logistics", "Education", "Media", "Energy", "Public Sector",
    ];

    private static readonly string[] Technologies =
    [
        "Salesforce", "HubSpot", "Snowflake", "Segment", "Marketo", "Pipedrive", "Zendesk", "SAP", "Oracle", "Shopify",
    ];

    private static readonly (SignalType Source, int Weight)[] SourceMix =
    [
        (SignalType.DemoRequest, 15), (SignalType.ContactSales, 10), (SignalType.PricingPageVisit, 10),
        (SignalType.OutboundReply, 5), (SignalType.ContentDownload, 20), (SignalType.Webinar, 10),
        (SignalType.CaseStudyView, 8), (SignalType.NewsletterSignup, 12), (SignalType.EventBadgeScan, 10),
    ];

    /// <summary>Company sizes on the policy's boundaries (fit bands, tier estimates) appear on purpose.</summary>
    private static readonly int[] BoundaryEmployees = [0, 49, 50, 199, 200, 999, 1000];

    /// <summary>Deal sizes on the tier boundaries (Small &lt; 10,000 ≤ Mid-Market ≤ 50,000 &lt; Enterprise).</summary>
    private static readonly decimal[] BoundaryDealSizes = [9_999.99m, 10_000m, 50_000m, 50_000.01m];

    private readonly List<AccountRecord> _accounts = [];
    private readonly Dictionary<RepId, RepStatus> _statuses = [];

    public RoutingScenario(int seed = DefaultSeed)
    {
        var random = new Random(seed);
        Configuration = BuildConfiguration(random);
        Engine = new RoutingEngine(Configuration);
        BuildStateData(random);
        Leads = BuildLeads(random, Engine.Normalizer);
        State = NewState();
    }

    public RoutingConfiguration Configuration { get; }

    /// <summary>The LeadRouting engine compiled from <see cref="Configuration"/>.</summary>
    public RoutingEngine Engine { get; }

    /// <summary>The shared read-only state the per-decision benchmarks route against.</summary>
    public InMemoryRoutingState State { get; }

    /// <summary>Validated and normalised leads, so normalisation is not part of what routing benchmarks measure.</summary>
    public IReadOnlyList<Lead> Leads { get; }

    /// <summary>A fresh state with the scenario's rep statuses and accounts (nothing routed yet).</summary>
    public InMemoryRoutingState NewState()
    {
        var state = new InMemoryRoutingState();
        foreach (var (rep, status) in _statuses)
        {
            state.SetRepStatus(rep, status);
        }

        foreach (var account in _accounts)
        {
            state.AddAccount(account);
        }

        return state;
    }

    private static RoutingConfiguration BuildConfiguration(Random random)
    {
        var regions = RegionTable
            .Select(r => new Region
            {
                Code = r.Code,
                Name = r.Name,
                Countries = r.Countries,
                ManagerName = $"{r.Name} manager",
                ManagerEmail = $"manager.{r.Code.ToLowerInvariant()}@leadrouting.bench",
            })
            .ToList();

        var teams = new List<Team>(TeamCount);
        var reps = new List<Rep>(TeamCount * RepsPerTeam);
        for (var t = 0; t < TeamCount; t++)
        {
            var region = RegionTable[t % RegionTable.Length];
            var teamId = new TeamId($"team-{t:D2}");

            // A quarter of the teams are follow-the-sun desks on the 24/7 calendar; the rest keep office hours.
            var calendarId = t % 4 == 3 ? "always" : region.CalendarId;
            var nextTeam = (t + 1) % TeamCount;
            teams.Add(new Team
            {
                Id = teamId,
                Name = $"{region.Name} team {t:D2}",
                Region = region.Code,
                CalendarId = calendarId,
                ManagerName = t % 5 == 0 ? null : $"Manager {t:D2}",
                ManagerEmail = t % 5 == 0 ? null : $"manager{t:D2}@leadrouting.bench",
                BackupPool = [RepIdFor(nextTeam, 0), RepIdFor(nextTeam, 3), RepIdFor(nextTeam, 5)],
            });

            for (var r = 0; r < RepsPerTeam; r++)
            {
                var level = TeamShape[r];
                reps.Add(new Rep
                {
                    Id = RepIdFor(t, r),
                    Name = $"Rep {t:D2}-{r}",
                    Email = $"rep{t:D2}{r}@leadrouting.bench",
                    Level = level,
                    Team = teamId,

                    // Some reps work their own hours: a 24/7 on-call rep in an office team, or an office rep in a 24/7 team.
                    CalendarId = random.Next(10) switch
                    {
                        0 => "always",
                        1 => region.CalendarId,
                        _ => null,
                    },
                    Weight = 1 + random.Next(3),
                    Capacity = 10 + random.Next(31),
                    Backup = random.Next(2) == 0 ? RepIdFor(nextTeam, r) : null,
                    Industries = [Industries[random.Next(Industries.Length)]],
                    Languages = ["en"],
                    Active = random.Next(50) != 0,
                });
            }
        }

        var segments = new List<Segment>(SegmentCount + 1);
        for (var s = 0; s < SegmentCount; s++)
        {
            segments.Add(BuildSegment(random, s));
        }

        segments.Add(new Segment
        {
            Id = new SegmentId("catch-all"),
            Name = "Everything else",
            Priority = 1_000_000,
            Team = new TeamId("team-00"),
        });

        var calendars = new List<CalendarDefinition>
        {
            Office("berlin", "Berlin office", "Europe/Berlin", new TimeOnly(9, 0), new TimeOnly(18, 0)),
            Office("london", "London office", "Europe/London", new TimeOnly(9, 0), new TimeOnly(17, 30)),
            Office("newyork", "New York office", "America/New_York", new TimeOnly(9, 0), new TimeOnly(17, 0)),
            Office("sydney", "Sydney office", "Australia/Sydney", new TimeOnly(9, 0), new TimeOnly(17, 0)),
            new()
            {
                Id = "always",
                Name = "Follow the sun (24/7)",
                TimeZone = "Etc/UTC",
                Hours = [new WorkingHours(Enum.GetValues<DayOfWeek>(), TimeOnly.MinValue, TimeOnly.MinValue)],
            },
        };

        return ConfigurationLoader.LoadDefault() with
        {
            Organisation = new Organisation
            {
                Regions = regions,
                Calendars = calendars,
                Teams = teams,
                Reps = reps,
                Segments = segments,
            },
        };
    }

    /// <summary>
    /// Segments are specific, as real territory plans are: every one names countries or a region, and most add a
    /// size band, industries or sources. A lead's first match lies dozens of segments deep; leads without a country
    /// or from a country no region covers pass all 1,000 and land in the catch-all.
    /// </summary>
    private static Segment BuildSegment(Random random, int index)
    {
        var region = RegionTable[random.Next(RegionTable.Length)];
        var byCountry = random.Next(4) != 0;
        IReadOnlyList<string> countries = byCountry
            ? [.. region.Countries.OrderBy(_ => random.Next()).Take(1 + random.Next(Math.Min(3, region.Countries.Length)))]
            : [];
        IReadOnlyList<string> regionCodes = byCountry ? [] : [region.Code];

        int? min = null;
        int? max = null;
        switch (random.Next(10))
        {
            case < 3:
                break;
            case < 5:
                max = 49 + random.Next(3) * 50;
                break;
            case < 8:
                min = 50 * (1 + random.Next(6));
                max = min + 150 + random.Next(800);
                break;
            default:
                min = 1000;
                break;
        }

        IReadOnlyList<string> industries = random.Next(10) < 6
            ? [.. Industries.OrderBy(_ => random.Next()).Take(1 + random.Next(2))]
            : [];
        IReadOnlyList<SignalType> sources = random.Next(10) < 4
            ? [.. Enum.GetValues<SignalType>().OrderBy(_ => random.Next()).Take(1 + random.Next(3))]
            : [];

        // Teams mostly own segments of their own region; some segments go to specialist teams elsewhere.
        var regionIndex = Array.IndexOf(RegionTable, region);
        var team = random.Next(5) == 0
            ? random.Next(TeamCount)
            : regionIndex + (RegionTable.Length * random.Next((TeamCount - regionIndex + RegionTable.Length - 1) / RegionTable.Length));

        return new Segment
        {
            Id = new SegmentId($"seg-{index:D4}"),
            Name = $"Segment {index:D4}",
            Priority = (index + 1) * 10,
            Team = new TeamId($"team-{team:D2}"),
            Countries = countries,
            Regions = regionCodes,
            MinEmployees = min,
            MaxEmployees = max,
            Industries = industries,
            Sources = sources,
        };
    }

    private void BuildStateData(Random random)
    {
        foreach (var rep in Configuration.Organisation.Reps)
        {
            var roll = random.Next(100);
            _statuses[rep.Id] = roll switch
            {
                < 62 => new RepStatus(Availability.Available, null, random.Next(rep.Capacity)),
                < 72 => new RepStatus(Availability.Away, null, random.Next(rep.Capacity)),
                < 82 => new RepStatus(Availability.OutOfOffice, Now.AddDays(1 + random.Next(10)), random.Next(rep.Capacity)),

                // Back from leave: out of office until yesterday counts as available.
                < 85 => new RepStatus(Availability.OutOfOffice, Now.AddDays(-1), random.Next(rep.Capacity)),
                _ => new RepStatus(Availability.Available, null, rep.Capacity),
            };
        }

        var seniors = Configuration.Organisation.Reps
            .Where(r => r.Level is RepLevel.SeniorAe or RepLevel.AccountDirector or RepLevel.MidAe)
            .ToList();
        for (var a = 0; a < AccountCount; a++)
        {
            _accounts.Add(new AccountRecord
            {
                Domain = AccountDomain(a),
                Name = $"Account {a:D2}",
                OwnerId = a % 12 == 11 ? null : seniors[random.Next(seniors.Count)].Id,
                IsNamedAccount = a % 4 != 0,
                IsCustomer = a % 4 == 0,
            });
        }
    }

    private const int AccountCount = 60;

    private static string AccountDomain(int index) => $"account{index:D2}.example";

    private static List<Lead> BuildLeads(Random random, LeadNormalizer normalizer)
    {
        var leads = new List<Lead>(LeadCount);
        var totalWeight = SourceMix.Sum(s => s.Weight);
        var signalTypes = Enum.GetValues<SignalType>();
        for (var i = 0; i < LeadCount; i++)
        {
            var receivedAt = Now.AddMinutes(-random.Next(180));
            var domain = random.Next(100) switch
            {
                < 10 => random.Next(2) == 0 ? "gmail.com" : "gmx.de",
                < 15 => AccountDomain(random.Next(AccountCount)),
                _ => $"company{i:D4}.example",
            };

            var signals = new List<Signal>();
            for (var n = random.Next(4); n > 0; n--)
            {
                signals.Add(new Signal(signalTypes[random.Next(signalTypes.Length)], receivedAt.AddHours(-random.Next(45 * 24))));
            }

            var submission = new LeadSubmission
            {
                ExternalId = $"bench-{i:D4}",
                Email = $"contact{i:D4}@{domain}",
                FirstName = "Alex",
                LastName = $"Lead{i:D4}",
                Company = $"Company {i:D4}",
                Employees = Employees(random),
                Industry = random.Next(100) < 8 ? null : Industries[random.Next(Industries.Length)],
                Country = Country(random),
                TechStack = [.. Technologies.OrderBy(_ => random.Next()).Take(random.Next(4))],
                Source = PickSource(random, totalWeight),
                Signals = signals,
                EstimatedDealSize = DealSize(random),
                Referral = random.Next(100) switch
                {
                    < 2 => Referral.Vip,
                    < 3 => Referral.ExecutiveIntro,
                    _ => Referral.None,
                },
                ReceivedAt = receivedAt,
            };

            var errors = new FieldErrors();
            LeadValidator.Validate(submission, Now, errors);
            if (!errors.IsEmpty)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Generated lead {i} is invalid."));
            }

            leads.Add(normalizer.Normalize(submission, Now));
        }

        return leads;
    }

    private static int? Employees(Random random) => random.Next(100) switch
    {
        < 8 => null,
        < 15 => BoundaryEmployees[random.Next(BoundaryEmployees.Length)],

        // Log-uniform from 1 to 50,000: as many 10-person start-ups as 10,000-person enterprises.
        _ => (int)Math.Round(Math.Exp(random.NextDouble() * Math.Log(50_000))),
    };

    private static string? Country(Random random)
    {
        var roll = random.Next(100);
        if (roll < 5)
        {
            return null;
        }

        if (roll < 10)
        {
            return UncoveredCountries[random.Next(UncoveredCountries.Length)];
        }

        var region = RegionTable[random.Next(RegionTable.Length)];
        return region.Countries[random.Next(region.Countries.Length)];
    }

    private static decimal? DealSize(Random random) => random.Next(100) switch
    {
        < 55 => null,
        < 60 => BoundaryDealSizes[random.Next(BoundaryDealSizes.Length)],
        _ => Math.Round((decimal)Math.Exp(Math.Log(2_000) + (random.NextDouble() * Math.Log(200_000 / 2_000.0))), 0),
    };

    private static SignalType PickSource(Random random, int totalWeight)
    {
        var roll = random.Next(totalWeight);
        foreach (var (source, weight) in SourceMix)
        {
            if (roll < weight)
            {
                return source;
            }

            roll -= weight;
        }

        return SourceMix[^1].Source;
    }

    private static RepId RepIdFor(int team, int index) => new($"rep-{team:D2}-{index}");

    private static CalendarDefinition Office(string id, string name, string timeZone, TimeOnly start, TimeOnly end) => new()
    {
        Id = id,
        Name = name,
        TimeZone = timeZone,
        Hours = [new WorkingHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], start, end)],
        Holidays = [new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 1)],
    };
}
