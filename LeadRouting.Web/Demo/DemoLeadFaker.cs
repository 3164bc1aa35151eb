using System.Text;
using Bogus;

namespace LeadRouting.Web.Demo;

/// <summary>
/// Invents believable inbound leads for the demo organisation with Bogus: people named in their country's language
/// (some in non-Latin scripts, a few with quotes in their names), companies that come back (so accounts are "in play"),
/// the demo's named accounts now and then, a mix of sources, sizes, industries and tech stacks. Everything comes from
/// one <see cref="Randomizer"/>, so a seed gives the same leads every time.
/// </summary>
public sealed class DemoLeadFaker
{
    private static readonly string[] FreeMail = ["gmail.com", "outlook.com", "yahoo.com", "gmx.de", "web.de", "icloud.com"];
    private static readonly string[] IcpIndustries = ["Software", "Fintech", "Financial Services", "E-Commerce"];
    private static readonly string[] OtherIndustries = ["Manufacturing", "Healthcare", "Retail", "Logistics", "Education", "Media", "Public Sector", "Telecommunications"];
    private static readonly string[] IcpTools = ["Salesforce", "HubSpot", "Snowflake", "Segment"];
    private static readonly string[] OtherTools = ["Pipedrive", "Zendesk", "SAP", "Marketo", "Shopify", "Jira", "Workday"];
    private static readonly string[] QuotedLastNames = ["O'Brien", "O'Connor", "D'Souza", "N'Diaye", "D'Amico", "O'Neill"];
    private static readonly string[] NicknamedFirstNames = ["Alexander \"Sasha\"", "Robert \"Bob\"", "Katharina \"Kati\"", "Elizabeth \"Liz\""];

    /// <summary>Where leads come from: the demo's regions, their countries, Bogus locales and time zones.</summary>
    private static readonly Market[] Markets =
    [
        new("DE", "de", "Europe/Berlin", ".de", 0.24),
        new("AT", "de_AT", "Europe/Vienna", ".at", 0.04),
        new("CH", "de_CH", "Europe/Zurich", ".ch", 0.04),
        new("GB", "en_GB", "Europe/London", ".co.uk", 0.16),
        new("IE", "en_IE", "Europe/Dublin", ".ie", 0.03),
        new("US", "en_US", "America/New_York", ".com", 0.20),
        new("US", "en_US", "America/Chicago", ".com", 0.05),
        new("US", "en_US", "America/Los_Angeles", ".com", 0.05),
        new("CA", "en_CA", "America/Toronto", ".ca", 0.03),
        new("FR", "fr", "Europe/Paris", ".fr", 0.04),
        new("NL", "nl", "Europe/Amsterdam", ".nl", 0.03),
        new("PL", "pl", "Europe/Warsaw", ".pl", 0.02),
        new("AE", "ar", "Asia/Dubai", ".ae", 0.01),
        new("JP", "ja", "Asia/Tokyo", ".jp", 0.02),
        new("KR", "ko", "Asia/Seoul", ".kr", 0.01),
        new("IN", "en_IND", "Asia/Kolkata", ".in", 0.02),
        new("AU", "en_AU", "Australia/Sydney", ".com.au", 0.01),
    ];

    /// <summary>Inside a market a few people carry names from elsewhere (Cyrillic, Greek, Chinese, Turkish…).</summary>
    private static readonly string[] MigrantLocales = ["ru", "el", "zh_CN", "tr", "uk", "vi", "es", "it"];

    private static readonly (SignalType Source, double Weight)[] Sources =
    [
        (SignalType.DemoRequest, 0.12), (SignalType.ContactSales, 0.06), (SignalType.PricingPageVisit, 0.08),
        (SignalType.OutboundReply, 0.05), (SignalType.ContentDownload, 0.24), (SignalType.Webinar, 0.12),
        (SignalType.CaseStudyView, 0.08), (SignalType.NewsletterSignup, 0.14), (SignalType.EventBadgeScan, 0.11),
    ];

    private readonly Randomizer _random;
    private readonly Dictionary<string, Faker> _fakers = new(StringComparer.Ordinal);
    private readonly Dictionary<Market, List<Company>> _companies = [];
    private readonly HashSet<string> _domains = new(StringComparer.Ordinal);
    private readonly List<Company> _namedAccounts;
    private int _people;

    public DemoLeadFaker(int seed)
    {
        _random = new Randomizer(seed);
        _namedAccounts =
        [
            .. DemoRoster.Accounts.Select(a => new Company(a.Name, a.Domain, CountryOf(a.Domain), 2_500, "Software", ["Salesforce"])),
        ];
    }

    public Randomizer Random => _random;

    /// <summary>A new person at a company of a market; <paramref name="freeMail"/> writes from a private address.</summary>
    public DemoPerson NextPerson(bool freeMail = false)
    {
        Company company;
        Market market;
        if (_random.Double() < 0.02)
        {
            company = _random.ListItem(_namedAccounts);
            market = Markets.First(m => m.Country == company.Country);
        }
        else
        {
            market = PickMarket();
            company = PickCompany(market);
        }

        var locale = _random.Double() < 0.08 ? _random.ArrayElement(MigrantLocales) : market.Locale;
        var faker = FakerFor(locale);
        var first = faker.Name.FirstName();
        var last = faker.Name.LastName();
        var roll = _random.Double();
        if (roll < 0.015)
        {
            last = _random.ArrayElement(QuotedLastNames);
        }
        else if (roll < 0.02)
        {
            first = _random.ArrayElement(NicknamedFirstNames);
        }

        var number = ++_people;
        var local = EmailLocalPart(first, last, number);
        var person = new DemoPerson(number, first, last, FakerFor(market.Locale).Name.JobTitle(), company, market, local + "@" + company.Domain);
        return freeMail ? person.WithFreeMail(local + "." + number.ToString(CultureInfo.InvariantCulture) + "@" + _random.ArrayElement(FreeMail)) : person;
    }

    /// <summary>A submission from <paramref name="person"/>, received at <paramref name="receivedAt"/> (null: when it is stored).</summary>
    public LeadSubmission Submission(DemoPerson person, DateTimeOffset? receivedAt, DateTimeOffset signalsAt, string? externalId)
    {
        var source = PickSource();
        var signals = new List<Signal>();
        if (_random.Double() < 0.25)
        {
            var earlier = _random.ArrayElement([SignalType.ContentDownload, SignalType.Webinar, SignalType.CaseStudyView, SignalType.PricingPageVisit]);
            signals.Add(new Signal(earlier, signalsAt.AddHours(-_random.Double(2, 20 * 24))));
        }

        var company = person.Company;
        return new LeadSubmission
        {
            ExternalId = externalId,
            Email = person.Email,
            FirstName = person.FirstName,
            LastName = person.LastName,
            Title = person.Title,
            Company = company.Name,
            CompanyDomain = person.FreeMail ? null : company.Domain,
            Employees = company.Employees,
            Industry = company.Industry,
            Country = person.Market.Country,
            TechStack = company.TechStack,
            Source = source,
            Signals = signals,
            EstimatedDealSize = _random.Double() < 0.4 ? DealSize(company.Employees) : null,
            Referral = _random.Double() switch { < 0.008 => Referral.Vip, < 0.015 => Referral.ExecutiveIntro, _ => Referral.None },
            ReceivedAt = receivedAt,
        };
    }

    /// <summary>
    /// A moment a lead of <paramref name="market"/> arrives on <paramref name="localDate"/>: mostly business hours with
    /// a late-morning and an early-afternoon peak, some in the evening and at night.
    /// </summary>
    public DateTimeOffset ArrivalOn(Market market, DateOnly localDate)
    {
        var hour = _random.Double() switch
        {
            < 0.06 => _random.Double(0, 8),
            < 0.12 => _random.Double(18, 24),
            < 0.55 => Math.Clamp(Gaussian(10.5, 1.3), 8, 13),
            _ => Math.Clamp(Gaussian(14.5, 1.6), 12, 18),
        };
        var local = localDate.ToDateTime(TimeOnly.MinValue).AddHours(hour);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(market.TimeZone);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public Market PickMarket()
    {
        var roll = _random.Double() * Markets.Sum(m => m.Weight);
        foreach (var market in Markets)
        {
            roll -= market.Weight;
            if (roll <= 0)
            {
                return market;
            }
        }

        return Markets[^1];
    }

    private SignalType PickSource()
    {
        var roll = _random.Double();
        foreach (var (source, weight) in Sources)
        {
            roll -= weight;
            if (roll <= 0)
            {
                return source;
            }
        }

        return SignalType.NewsletterSignup;
    }

    /// <summary>Companies come back: a small head of each market's companies sends many leads, a long tail one each.</summary>
    private Company PickCompany(Market market)
    {
        if (!_companies.TryGetValue(market, out var list))
        {
            list = [];
            _companies[market] = list;
        }

        if (list.Count < 20 || _random.Double() < 0.55)
        {
            var company = NewCompany(market);
            list.Add(company);
            return company;
        }

        var u = _random.Double();
        return list[(int)(u * u * u * list.Count)];
    }

    private Company NewCompany(Market market)
    {
        var faker = FakerFor(market.Locale);
        var name = faker.Company.CompanyName();
        var slug = Slug(name);
        if (slug.Length < 3)
        {
            name = FakerFor("en").Company.CompanyName();
            slug = Slug(name);
        }

        var domain = slug + market.Tld;
        for (var n = 2; !_domains.Add(domain); n++)
        {
            domain = slug + n.ToString(CultureInfo.InvariantCulture) + market.Tld;
        }

        var employees = _random.Double() switch
        {
            < 0.38 => _random.Number(3, 49),
            < 0.64 => _random.Number(50, 199),
            < 0.87 => _random.Number(200, 999),
            _ => _random.Number(1_000, 40_000),
        };
        var industry = _random.Double() < 0.55 ? _random.ArrayElement(IcpIndustries) : _random.ArrayElement(OtherIndustries);
        var tools = Enumerable.Range(0, _random.Number(0, 3))
            .Select(_ => _random.Double() < 0.5 ? _random.ArrayElement(IcpTools) : _random.ArrayElement(OtherTools))
            .Distinct(StringComparer.Ordinal).ToList();
        return new Company(name, domain, market.Country, employees, industry, tools);
    }

    private decimal DealSize(int? employees)
    {
        var (min, max) = employees switch
        {
            < 50 => (2_000, 9_500),
            < 200 => (5_000, 30_000),
            < 1_000 => (15_000, 60_000),
            _ => (40_000, 250_000),
        };
        return Math.Round(_random.Number(min, max) / 500m) * 500m;
    }

    private double Gaussian(double mean, double deviation)
    {
        // Box–Muller on the seeded randomizer (Bogus' own Gaussian helpers use a shared generator).
        var u1 = 1.0 - _random.Double();
        var u2 = _random.Double();
        return mean + deviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Sin(2.0 * Math.PI * u2);
    }

    private Faker FakerFor(string locale)
    {
        if (!_fakers.TryGetValue(locale, out var faker))
        {
            faker = new Faker(locale) { Random = _random };
            _fakers[locale] = faker;
        }

        return faker;
    }

    private string EmailLocalPart(string first, string last, int number)
    {
        var local = $"{Slug(first)}.{Slug(last)}".Trim('.');
        // Names in other scripts get a Latin address, as such people usually have.
        return local.Length >= 3 && !local.StartsWith('.') ? local : $"{Slug(FakerFor("en").Name.FirstName())}.{number.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Lower-case ASCII letters and digits of <paramref name="text"/>, accents dropped.</summary>
    private static string Slug(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (c is >= 'A' and <= 'Z')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is 'ß')
            {
                builder.Append("ss");
            }
        }

        return builder.ToString();
    }

    private static string CountryOf(string domain) => domain switch
    {
        _ when domain.EndsWith(".de", StringComparison.Ordinal) => "DE",
        _ when domain.EndsWith(".co.uk", StringComparison.Ordinal) => "GB",
        _ => "US",
    };
}

/// <summary>A country leads come from: its Bogus locale, the time zone its people work in, its web domain ending.</summary>
public sealed record Market(string Country, string Locale, string TimeZone, string Tld, double Weight);

/// <summary>A company that sends leads; its size, industry and stack stay the same on every lead.</summary>
public sealed record Company(string Name, string Domain, string Country, int Employees, string Industry, IReadOnlyList<string> TechStack);

/// <summary>Someone who submits leads; <see cref="FreeMail"/> when they write from a private address.</summary>
public sealed record DemoPerson(int Number, string FirstName, string LastName, string Title, Company Company, Market Market, string Email)
{
    public bool FreeMail { get; init; }

    public DemoPerson WithFreeMail(string email) => this with { Email = email, FreeMail = true };
}
