using LeadRouting.Web.Data;
using LeadRouting.Web.Leads;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LeadRouting.Tests.Leads;

/// <summary>
/// The writer's hand-typed SQL cannot drift from the EF model (issue 15 §3): for SQLite and PostgreSQL alike, every
/// mapped column of a table the writer inserts into is written or deliberately left out, nothing else is named, and
/// every lead column is either updated by <c>UpdateLead</c> or listed as never changing after the insert.
/// </summary>
public sealed class WrittenColumnsTests
{
    public static TheoryData<string> Providers => new() { "Sqlite", "Postgres" };

    private static IModel Model(string provider)
    {
        // Building the model needs no server: nothing here opens a connection.
        if (provider == "Postgres")
        {
            using var postgres = new PostgresLeadRoutingDbContext(
                new DbContextOptionsBuilder<PostgresLeadRoutingDbContext>().UseNpgsql("Host=localhost;Database=model-only").Options);
            return postgres.Model;
        }

        using var sqlite = new LeadRoutingDbContext(new DbContextOptionsBuilder<LeadRoutingDbContext>().UseSqlite("Data Source=:memory:").Options);
        return sqlite.Model;
    }

    private static HashSet<string> ColumnsOf(IModel model, string table)
    {
        var entity = model.GetEntityTypes().Single(e => e.GetTableName() == table);
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        return entity.GetProperties().Select(p => p.GetColumnName(store)!).ToHashSet(StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_mapped_column_of_a_written_table_is_written_or_deliberately_left_out(string provider)
    {
        var model = Model(provider);
        foreach (var (table, (written, leftOut)) in WrittenColumns.ByTable)
        {
            var mapped = ColumnsOf(model, table);
            Assert.True(written.Length == written.Distinct().Count(), $"{table}: a column is written twice");
            var listed = written.Concat(leftOut).ToHashSet(StringComparer.Ordinal);
            Assert.True(mapped.SetEquals(listed),
                $"{table}: mapped but neither written nor left out: [{string.Join(", ", mapped.Except(listed))}]; " +
                $"listed but not mapped: [{string.Join(", ", listed.Except(mapped))}]");
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_lead_column_is_updated_or_listed_as_never_changing(string provider)
    {
        var mapped = ColumnsOf(Model(provider), "Leads");
        Assert.Empty(WrittenColumns.LeadUpdated.Intersect(WrittenColumns.LeadNeverUpdated));
        Assert.Equal(mapped.Order(StringComparer.Ordinal), WrittenColumns.LeadUpdated.Concat(WrittenColumns.LeadNeverUpdated).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_column_added_to_the_model_and_not_written_is_caught()
    {
        // The check itself: a lead column the writer does not know about makes the sets differ.
        var mapped = ColumnsOf(Model("Sqlite"), "Leads");
        mapped.Add("NewColumnNobodyWrites");
        Assert.NotEqual(mapped.Order(StringComparer.Ordinal), WrittenColumns.Lead.Order(StringComparer.Ordinal));
    }
}
