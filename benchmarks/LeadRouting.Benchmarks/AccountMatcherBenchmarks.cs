using BenchmarkDotNet.Attributes;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Routing.Matching;

namespace LeadRouting.Benchmarks;

/// <summary>
/// Account matching against 100,000 accounts (issue 19: under 50 µs a lead). The accounts are generated
/// deterministically from German and European surnames, trade words, places and legal forms, so common words
/// ("Maschinenbau", "Deutsche", "Holding") have thousands of accounts each, as in a real CRM; the leads are a mix of
/// free-mail leads with a spelling of an account's name, near misses, unknown names and subdomains.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AccountMatcherBenchmarks
{
    public const int AccountCount = 100_000;
    private const int LeadCount = 1024;

    private static readonly string[] Surnames =
    [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch",
        "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann",
        "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Köhler", "Maier", "Herrmann", "König", "Walter",
        "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Vogel", "Friedrich", "Keller",
        "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Dupont", "Rossi",
        "García", "Jansen", "de Vries", "Nielsen", "Andersson", "Nowak", "Novák", "Horváth", "Popescu", "Lindqvist", "Virtanen",
    ];

    private static readonly string[] Trades =
    [
        "Maschinenbau", "Logistik", "Software", "Elektrotechnik", "Bau", "Immobilien", "Consulting", "Automotive", "Pharma",
        "Medizintechnik", "Lebensmittel", "Versicherung", "Energie", "Systems", "Digital", "Druck", "Metallbau", "Kunststoff",
        "Anlagenbau", "Spedition", "Handel", "Textil", "Optik", "Chemie", "Solar", "Robotics", "Analytics", "Finance", "Media",
    ];

    private static readonly string[] Places =
    [
        "", "", "", "Deutsche", "Stuttgart", "München", "Hamburg", "Berlin", "Köln", "Wien", "Zürich", "Rhein", "Nord", "Süd",
        "Bayern", "Sachsen", "Europa", "International", "Holding", "Gruppe",
    ];

    private static readonly string[] LegalForms = ["GmbH", "AG", "GmbH & Co. KG", "KG", "SE", "e.K.", "S.A.", "B.V.", "Ltd", "AB", "Oy", "sp. z o.o."];

    private static readonly string[] Countries = ["DE", "DE", "DE", "AT", "CH", "FR", "NL", "PL", "SE", "IT"];

    private AccountMatcher _matcher = null!;
    private AccountQuery[] _queries = [];
    private int _next;

    /// <summary>The accounts the benchmark matches against; also used by the build benchmark.</summary>
    public static AccountRecord[] Accounts()
    {
        var random = new Random(19);
        var accounts = new AccountRecord[AccountCount];
        for (var i = 0; i < accounts.Length; i++)
        {
            var place = Places[random.Next(Places.Length)];
            var name = place switch
            {
                "Deutsche" => $"Deutsche {Surnames[random.Next(Surnames.Length)]} {Trades[random.Next(Trades.Length)]}",
                "" => $"{Surnames[random.Next(Surnames.Length)]} {Trades[random.Next(Trades.Length)]}",
                _ => $"{Surnames[random.Next(Surnames.Length)]} {Trades[random.Next(Trades.Length)]} {place}",
            };

            // Every account a distinct name: the index number as a word of its own, like a real company's distinguishing word.
            name = $"{name} {Word(i)} {LegalForms[random.Next(LegalForms.Length)]}";
            accounts[i] = new AccountRecord
            {
                Domain = $"a{i}.example.de",
                Name = name,
                Country = Countries[random.Next(Countries.Length)],
                Employees = random.Next(5, 50_000),
            };
        }

        return accounts;
    }

    /// <summary>A pronounceable word for a number ("Kabeto"), so the names' distinguishing words are not digits.</summary>
    private static string Word(int number)
    {
        const string Consonants = "bdfgklmnprstvz";
        const string Vowels = "aeiou";
        var chars = new List<char>();
        do
        {
            chars.Add(Consonants[number % Consonants.Length]);
            number /= Consonants.Length;
            chars.Add(Vowels[number % Vowels.Length]);
            number /= Vowels.Length;
        }
        while (number > 0);

        chars[0] = char.ToUpperInvariant(chars[0]);
        return new string([.. chars]);
    }

    [GlobalSetup]
    public void Setup()
    {
        var accounts = Accounts();
        _matcher = new AccountMatcher(accounts);
        var random = new Random(7);
        _queries = new AccountQuery[LeadCount];
        for (var i = 0; i < LeadCount; i++)
        {
            var account = accounts[random.Next(accounts.Length)];
            _queries[i] = (i % 4) switch
            {
                // A free-mail lead writing the account's name another way (upper case, no legal form).
                0 => new AccountQuery(null, account.Name.ToUpperInvariant().Split(' ')[..^1] is var words ? string.Join(' ', words) : account.Name, account.Country),
                // A near miss: the account's name with another trade.
                1 => new AccountQuery(null, account.Name.Split(' ')[0] + " " + Trades[random.Next(Trades.Length)] + " Service GmbH", account.Country),
                // A name no account has.
                2 => new AccountQuery("unknown-" + i + ".de", "Zyx" + Word(i + 7_000_000) + " Handel GmbH", "DE"),
                // A subdomain of an account's domain.
                _ => new AccountQuery("mail." + account.Domain, null, account.Country),
            };
        }
    }

    [Benchmark(Description = "Match one lead against 100,000 accounts")]
    public AccountMatch? Match() => _matcher.Match(_queries[_next++ & (LeadCount - 1)]);

    [Benchmark(Description = "Match by company name only (free-mail leads, spellings and near misses)")]
    public AccountMatch? MatchByName()
    {
        var i = _next++ & (LeadCount - 1);
        return _matcher.Match(_queries[i - (i % 4) + (i & 1)]);
    }
}

/// <summary>Building the index over 100,000 accounts: what a change of the accounts costs.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AccountMatcherBuildBenchmarks
{
    private AccountRecord[] _accounts = [];

    [GlobalSetup]
    public void Setup() => _accounts = AccountMatcherBenchmarks.Accounts();

    [Benchmark(Description = "Build the matcher over 100,000 accounts")]
    public AccountMatcher Build() => new(_accounts);
}
