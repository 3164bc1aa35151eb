using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using LeadRouting.BenchmarkSeeding;
using LeadRouting.Core;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Routing.Matching;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// Issue 19 part 1: what reading the account index costs once accounts have domain aliases. The app's own SQLite database
// (real migrations) gets N accounts, every fifth with two aliases; then the statement AccountMatcherIndex and the replay
// run (AccountEntity.AsRecord: accounts LEFT JOIN aliases, one statement) is timed against the same read without the
// aliases (the projection before issue 19 part 1), and the AccountMatcher build over the records.
//
//   dotnet run -c Release --project benchmarks/LeadRouting.AccountIndexBenchmark -- [--accounts 100000] [--runs 5]
var invariant = CultureInfo.InvariantCulture;
var count = IntArg("--accounts", 100_000);
var runs = IntArg("--runs", 5);
var data = Directory.CreateTempSubdirectory("account-index-bench-").FullName;
Console.WriteLine($"Account index benchmark: {count:N0} accounts, {runs} timed runs, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
try
{
    using var app = LoadSeed.HostApp(data);
    var factory = app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
    var aliases = 0;
    await using (var db = await factory.CreateDbContextAsync())
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < count; i++)
        {
            var domain = string.Create(invariant, $"company{i:D6}.example.de");
            db.Accounts.Add(new AccountEntity { Domain = domain, Name = string.Create(invariant, $"Company {i} GmbH"), OwnerId = i % 3 == 0 ? "dach-sr-1" : null, IsNamedAccount = true, CreatedAt = DateTimeOffset.UnixEpoch });
            if (i % 5 == 0)
            {
                db.AccountDomainAliases.Add(new AccountDomainAliasEntity { Alias = string.Create(invariant, $"company{i:D6}.example.com"), AccountDomain = domain });
                db.AccountDomainAliases.Add(new AccountDomainAliasEntity { Alias = string.Create(invariant, $"company{i:D6}-group.example.at"), AccountDomain = domain });
                aliases += 2;
            }

            if (i % 10_000 == 9_999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync();
    }

    Console.WriteLine($"seeded {count:N0} accounts and {aliases:N0} aliases");
    Expression<Func<AccountEntity, AccountRecord>> withoutAliases = a => new AccountRecord
    {
        Domain = a.Domain,
        Name = a.Name,
        OwnerId = a.OwnerId == null ? null : new RepId(a.OwnerId),
        IsNamedAccount = a.IsNamedAccount,
        IsCustomer = a.IsCustomer,
        Industry = a.Industry,
        Employees = a.Employees,
        Country = a.Country,
    };

    List<AccountRecord> Read(Expression<Func<AccountEntity, AccountRecord>> projection, bool split = false)
    {
        using var db = factory.CreateDbContext();
        var accounts = db.Accounts.AsNoTracking();
        return [.. (split ? accounts.AsSplitQuery() : accounts).Select(projection)];
    }

    await using (var db = await factory.CreateDbContextAsync())
    {
        Console.WriteLine("SQL of AccountEntity.AsRecord:");
        Console.WriteLine(db.Accounts.AsNoTracking().Select(AccountEntity.AsRecord).ToQueryString());
    }

    // Warm-up (JIT, query compilation, page cache), then the timed runs, alternating.
    Read(AccountEntity.AsRecord);
    Read(withoutAliases);
    Read(AccountEntity.AsRecord, split: true);
    var with = new List<double>();
    var without = new List<double>();
    var build = new List<double>();
    var splitRuns = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        var watch = Stopwatch.StartNew();
        var records = Read(AccountEntity.AsRecord);
        with.Add(watch.Elapsed.TotalMilliseconds);
        if (records.Sum(r => r.DomainAliases.Count) != aliases)
        {
            throw new InvalidOperationException("the projection lost aliases");
        }

        watch.Restart();
        var matcher = new AccountMatcher(records);
        build.Add(watch.Elapsed.TotalMilliseconds);
        if (matcher.FindByDomain("company000005.example.com")?.Domain != "company000005.example.de")
        {
            throw new InvalidOperationException("the matcher does not find an alias");
        }

        watch.Restart();
        Read(withoutAliases);
        without.Add(watch.Elapsed.TotalMilliseconds);

        watch.Restart();
        Read(AccountEntity.AsRecord, split: true);
        splitRuns.Add(watch.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine(string.Create(invariant, $"read with aliases (AsRecord):  {string.Join(", ", with.Select(t => t.ToString("F0", invariant)))} ms; median {Median(with):F0} ms"));
    Console.WriteLine(string.Create(invariant, $"read without aliases (before): {string.Join(", ", without.Select(t => t.ToString("F0", invariant)))} ms; median {Median(without):F0} ms"));
    Console.WriteLine(string.Create(invariant, $"read with aliases, split query: {string.Join(", ", splitRuns.Select(t => t.ToString("F0", invariant)))} ms; median {Median(splitRuns):F0} ms"));
    Console.WriteLine(string.Create(invariant, $"AccountMatcher build:          {string.Join(", ", build.Select(t => t.ToString("F0", invariant)))} ms; median {Median(build):F0} ms"));
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(data, recursive: true);
}

return 0;

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

int IntArg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
