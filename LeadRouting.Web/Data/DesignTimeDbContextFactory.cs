using Microsoft.EntityFrameworkCore.Design;

namespace LeadRouting.Web.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the app (and seeding demo data).</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<LeadRoutingDbContext>
{
    public LeadRoutingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LeadRoutingDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
