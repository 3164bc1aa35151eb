using System.Globalization;
using System.Security.Cryptography;
using LeadRouting.Core.Leads;

namespace LeadRouting.LoadGenerator;

/// <summary>
/// Generates the leads of a run: a mix shaped like inbound B2B traffic for the demo roster (DACH, UK &amp; Ireland, North
/// America, the rest of EMEA, Asia-Pacific and countries no region covers; every source; company sizes from a handful of
/// people to enterprises; fitting and non-fitting industries and tech stacks; deal sizes across all tiers).
/// </summary>
/// <remarks>
/// Lead <c>n</c> of a run is the same for the same seed, and every lead of a run has its own email, company domain and
/// <c>externalId</c> (they carry a per-run tag and <c>n</c>), so deduplication never merges two of them, no lead lands on a
/// seeded demo account, and a second run against the same database is not replayed.
/// </remarks>
public sealed class LeadMix(int seed)
{
    private static readonly Weighted<CountryProfile>[] Countries =
    [
        new(new("DE", "de", "GmbH", Names.German), 16),
        new(new("AT", "at", "GmbH", Names.German), 4),
        new(new("CH", "ch", "AG", Names.German), 5),
        new(new("GB", "co.uk", "Ltd", Names.English), 12),
        new(new("IE", "ie", "Ltd", Names.English), 2),
        new(new("US", "com", "Inc.", Names.American), 20),
        new(new("CA", "ca", "Inc.", Names.American), 3),
        new(new("FR", "fr", "SAS", Names.French), 5),
        new(new("NL", "nl", "B.V.", Names.Dutch), 4),
        new(new("ES", "es", "S.L.", Names.Spanish), 2),
        new(new("SE", "se", "AB", Names.Nordic), 2),
        new(new("PL", "pl", "Sp. z o.o.", Names.Polish), 2),
        new(new("BE", "be", "BV", Names.Dutch), 1),
        new(new("AU", "com.au", "Pty Ltd", Names.English), 3),
        new(new("SG", "sg", "Pte. Ltd.", Names.English), 2),
        new(new("JP", "jp", "K.K.", Names.Japanese), 1),
        new(new("IN", "in", "Pvt. Ltd.", Names.Indian), 2),
        new(new("BR", "com.br", "Ltda.", Names.Spanish), 2),
        new(new("MX", "mx", "S.A. de C.V.", Names.Spanish), 1),

        // No country given: routed by the catch-all segment.
        new(new(null, "com", "Ltd", Names.English), 1),
    ];

    private static readonly Weighted<SignalType>[] Sources =
    [
        new(SignalType.DemoRequest, 12),
        new(SignalType.ContactSales, 6),
        new(SignalType.PricingPageVisit, 10),
        new(SignalType.OutboundReply, 5),
        new(SignalType.ContentDownload, 25),
        new(SignalType.Webinar, 12),
        new(SignalType.CaseStudyView, 8),
        new(SignalType.NewsletterSignup, 14),
        new(SignalType.EventBadgeScan, 8),
    ];

    private static readonly Weighted<(int Min, int Max)?>[] CompanySizes =
    [
        new(null, 6),
        new((1, 49), 30),
        new((50, 199), 25),
        new((200, 999), 22),
        new((1_000, 4_999), 12),
        new((5_000, 120_000), 5),
    ];

    private static readonly Weighted<string?>[] Industries =
    [
        new("Software", 22),
        new("Fintech", 8),
        new("Financial Services", 10),
        new("E-Commerce", 10),
        new("Manufacturing", 12),
        new("Healthcare", 8),
        new("Retail", 7),
        new("Logistics", 6),
        new("Education", 4),
        new("Media", 5),
        new(null, 8),
    ];

    private static readonly string[] Technologies =
        ["Salesforce", "HubSpot", "Snowflake", "Segment", "Marketo", "Zendesk", "SAP", "Shopify", "Pipedrive", "Intercom"];

    private static readonly string[] FreeMailDomains = ["gmail.com", "outlook.com", "gmx.de", "yahoo.com"];

    private static readonly string[] CompanyStems =
    [
        "bright", "nord", "alpen", "blue", "quantum", "silver", "harbor", "summit", "vertex", "pioneer", "cedar", "falcon",
        "granite", "helix", "iron", "lumen", "maple", "nova", "orbit", "prism", "river", "stellar", "terra", "urban",
    ];

    private static readonly string[] CompanyEndings =
        ["labs", "works", "soft", "data", "logic", "systems", "cloud", "tech", "point", "wave", "forge", "line"];

    /// <summary>Distinguishes this run's leads from any earlier run's in the same database.</summary>
    private readonly string _runTag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    private long _next = -1;

    public string RunTag => _runTag;

    /// <summary>The run's next lead (thread-safe); null once a run has drawn <see cref="LoadOptions.MaxRequests"/>.</summary>
    public GeneratedLead? Next()
    {
        var n = Interlocked.Increment(ref _next);
        return n < LoadOptions.MaxRequests ? Create(n) : null;
    }

    public GeneratedLead Create(long n)
    {
        var random = new Random(HashCode.Combine(seed, n));
        var country = Pick(random, Countries);
        var (first, last) = (Pick(random, country.Names.First), Pick(random, country.Names.Last));
        var stem = Pick(random, CompanyStems);
        var ending = Pick(random, CompanyEndings);
        var serial = n.ToString("D7", CultureInfo.InvariantCulture);
        var domain = $"{stem}{ending}-{_runTag}{serial}.{country.TopLevelDomain}";

        // A few people sign up with a private address: no company domain to read from the email, but still unique.
        var email = random.Next(100) < 4
            ? $"{Ascii(first)}.{Ascii(last)}.{_runTag}{serial}@{Pick(random, FreeMailDomains)}"
            : $"{Ascii(first)}.{Ascii(last)}@{domain}";

        var size = Pick(random, CompanySizes);
        var techStack = new string[random.Next(4)];
        for (var i = 0; i < techStack.Length; i++)
        {
            techStack[i] = Technologies[random.Next(Technologies.Length)];
        }

        return new GeneratedLead
        {
            ExternalId = $"load-{_runTag}-{serial}",
            Email = email,
            FirstName = first,
            LastName = last,
            Company = $"{Capitalise(stem)}{ending} {country.LegalForm}",
            Employees = size is var (min, max) ? random.Next(min, max + 1) : null,
            Industry = Pick(random, Industries),
            Country = country.Code,
            TechStack = techStack.Distinct(StringComparer.Ordinal).ToArray(),
            Source = Pick(random, Sources),

            // Deal sizes spread evenly on a log scale from 2,000 to 750,000 (all three tiers), absent for 40%.
            EstimatedDealSize = random.Next(100) < 40
                ? null
                : Math.Round((decimal)(2_000 * Math.Pow(375, random.NextDouble())) / 500m) * 500m,
        };
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static T Pick<T>(Random random, Weighted<T>[] items)
    {
        var roll = random.Next(items.Sum(i => i.Weight));
        foreach (var item in items)
        {
            roll -= item.Weight;
            if (roll < 0)
            {
                return item.Value;
            }
        }

        throw new InvalidOperationException("Weights must be positive.");
    }

    private static string Capitalise(string word) => string.Concat(word[..1].ToUpperInvariant(), word.AsSpan(1));

    /// <summary>Email local parts stay ASCII: the names' accents are folded, as most mail systems do for addresses.</summary>
    private static string Ascii(string name)
    {
        var folded = name.ToLowerInvariant()
            .Replace("ä", "ae", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal)
            .Replace("ü", "ue", StringComparison.Ordinal).Replace("ß", "ss", StringComparison.Ordinal)
            .Normalize(System.Text.NormalizationForm.FormD);
        return string.Concat(folded.Where(c => c is >= 'a' and <= 'z' or '-'));
    }

    private sealed record Weighted<T>(T Value, int Weight);

    private sealed record CountryProfile(string? Code, string TopLevelDomain, string LegalForm, NamePool Names);

    private sealed record NamePool(string[] First, string[] Last);

    private static class Names
    {
        public static readonly NamePool German = new(
            ["Jana", "Lukas", "Anna", "Felix", "Sophie", "Jonas", "Lea", "Maximilian", "Katrin", "Tobias"],
            ["Richter", "Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch", "Wagner"]);

        public static readonly NamePool English = new(
            ["Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Jack", "Grace", "Thomas", "Emily"],
            ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Hughes", "Walker", "Wright"]);

        public static readonly NamePool American = new(
            ["James", "Olivia", "Michael", "Emma", "Daniel", "Mia", "Ethan", "Harper", "Noah", "Madison"],
            ["Johnson", "Miller", "Davis", "Garcia", "Rodriguez", "Martinez", "Anderson", "Thomas", "Moore", "Clark"]);

        public static readonly NamePool French = new(
            ["Camille", "Louis", "Chloé", "Hugo", "Léa", "Jules"],
            ["Laurent", "Martin", "Bernard", "Dubois", "Moreau", "Lefèvre"]);

        public static readonly NamePool Dutch = new(
            ["Daan", "Sanne", "Bram", "Fleur", "Lars", "Eva"],
            ["de Jong", "Jansen", "de Vries", "Bakker", "Visser", "Smit"]);

        public static readonly NamePool Spanish = new(
            ["Lucía", "Mateo", "Sofía", "Diego", "Valentina", "Javier"],
            ["García", "Fernández", "López", "Sánchez", "Pérez", "Gómez"]);

        public static readonly NamePool Nordic = new(
            ["Elsa", "Erik", "Maja", "Oskar", "Astrid", "Nils"],
            ["Andersson", "Johansson", "Karlsson", "Nilsson", "Lindqvist", "Berg"]);

        public static readonly NamePool Polish = new(
            ["Zofia", "Jakub", "Julia", "Kacper", "Maja", "Piotr"],
            ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski"]);

        public static readonly NamePool Japanese = new(
            ["Haruto", "Yui", "Kenji", "Sakura", "Ren", "Aoi"],
            ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito"]);

        public static readonly NamePool Indian = new(
            ["Aarav", "Priya", "Vihaan", "Ananya", "Arjun", "Diya"],
            ["Sharma", "Patel", "Reddy", "Iyer", "Gupta", "Nair"]);
    }
}
