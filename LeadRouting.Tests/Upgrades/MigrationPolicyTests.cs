using LeadRouting.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace LeadRouting.Tests.Upgrades;

/// <summary>
/// The rule that makes a rolling upgrade of a cluster safe (README "Upgrades"): a release's migrations only expand the
/// schema, so instances of the previous release keep working on it while the new ones take over. Drops, renames and
/// type changes wait for a later release.
/// </summary>
public sealed class MigrationPolicyTests
{
    /// <summary>The last migration of each store in release 1 (commit 294123d); everything after it is held to the rule.</summary>
    private const string SqliteReleaseOne = "20261206230913_PersonPreferences";
    private const string PostgresReleaseOne = "20261206231132_PersonPreferences";

    public static TheoryData<string> Stores => new() { "Sqlite", "Postgres" };

    [Theory]
    [MemberData(nameof(Stores))]
    public void Migrations_since_release_one_only_expand_the_schema(string store)
    {
        using var db = Context(store);
        var since = store == "Sqlite" ? SqliteReleaseOne : PostgresReleaseOne;
        var assembly = db.GetService<IMigrationsAssembly>();
        Assert.Contains(since, assembly.Migrations.Keys);

        var breaking = assembly.Migrations
            .Where(m => string.CompareOrdinal(m.Key, since) > 0)
            .SelectMany(m => assembly.CreateMigration(m.Value, db.Database.ProviderName!).UpOperations.Select(o => (m.Key, Operation: o)))
            .Select(m => (m.Key, Why: Breaks(m.Operation)))
            .Where(m => m.Why is not null)
            .Select(m => $"{m.Key}: {m.Why}")
            .ToList();

        Assert.True(breaking.Count == 0, "Migrations that would break instances of the previous release during a rolling upgrade:\n" + string.Join("\n", breaking));
    }

    [Fact]
    public void The_rule_catches_what_would_break_an_old_instance()
    {
        Assert.NotNull(Breaks(new DropColumnOperation { Table = "Leads", Name = "Email" }));
        Assert.NotNull(Breaks(new RenameColumnOperation { Table = "Leads", Name = "Email", NewName = "Mail" }));
        Assert.NotNull(Breaks(new DropTableOperation { Name = "Leads" }));
        Assert.NotNull(Breaks(new AddColumnOperation { Table = "Leads", Name = "Required", ClrType = typeof(string), IsNullable = false }));
        Assert.Null(Breaks(new AddColumnOperation { Table = "Leads", Name = "Optional", ClrType = typeof(string), IsNullable = true }));
        Assert.Null(Breaks(new AddColumnOperation { Table = "Leads", Name = "Counted", ClrType = typeof(int), IsNullable = false, DefaultValue = 0 }));
        Assert.Null(Breaks(new CreateIndexOperation { Table = "Leads", Name = "IX_Leads_New", Columns = ["Email"] }));
    }

    /// <summary>Why <paramref name="operation"/> would break an instance of the previous release; null when it would not.</summary>
    private static string? Breaks(MigrationOperation operation) => operation switch
    {
        DropTableOperation drop => $"drops table {drop.Name}",
        DropColumnOperation drop => $"drops column {drop.Table}.{drop.Name}",
        RenameTableOperation rename => $"renames table {rename.Name}",
        RenameColumnOperation rename => $"renames column {rename.Table}.{rename.Name}",
        AlterColumnOperation alter when alter.ClrType != alter.OldColumn.ClrType || (!alter.IsNullable && alter.OldColumn.IsNullable) =>
            $"changes column {alter.Table}.{alter.Name} (type or nullability)",
        AddColumnOperation add when !add.IsNullable && add.DefaultValue is null && add.DefaultValueSql is null && add.ComputedColumnSql is null =>
            $"adds required column {add.Table}.{add.Name} without a default (an old instance's inserts would fail)",
        _ => null,
    };

    private static LeadRoutingDbContext Context(string store) => store == "Sqlite"
        ? new LeadRoutingDbContext(new DbContextOptionsBuilder<LeadRoutingDbContext>().UseSqlite("Data Source=:memory:").Options)
        : new PostgresLeadRoutingDbContext(new DbContextOptionsBuilder<PostgresLeadRoutingDbContext>().UseNpgsql("Host=localhost;Database=policy_check").Options);
}
