using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Design;

namespace LeadRouting.Web.Data;

/// <summary>
/// The LeadRouting model on PostgreSQL. Only the type differs from <see cref="LeadRoutingDbContext"/>: it gives the
/// PostgreSQL migrations (<c>Data/Migrations/Postgres</c>) a history of their own. Code everywhere asks for
/// <c>IDbContextFactory&lt;LeadRoutingDbContext&gt;</c> and gets instances of this type.
/// </summary>
public sealed class PostgresLeadRoutingDbContext(DbContextOptions<PostgresLeadRoutingDbContext> options) : LeadRoutingDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Lists stay JSON text, as on SQLite, instead of Npgsql's native text[]: the lead writer's SQL and every reader
        // of these columns then see one format on both stores. Nothing queries inside them.
        var comparer = new ValueComparer<List<string>>(
            (a, b) => a!.SequenceEqual(b!),
            list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
            list => list.ToList());
        foreach (var property in new[] { nameof(LeadEntity.TechStack), nameof(LeadEntity.PassedOnBy) })
        {
            builder.Entity<LeadEntity>().Property<List<string>>(property)
                .HasConversion(
                    list => JsonSerializer.Serialize(list, (JsonSerializerOptions?)null),
                    json => JsonSerializer.Deserialize<List<string>>(json, (JsonSerializerOptions?)null) ?? new List<string>(),
                    comparer);
        }
    }
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresLeadRoutingDbContext</c> build the model without a server.</summary>
public sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresLeadRoutingDbContext>
{
    public PostgresLeadRoutingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresLeadRoutingDbContext>().UseNpgsql("Host=localhost;Database=leadrouting_design_time").Options);
}
