using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadRouting.Web.Data.Configurations;

/// <summary>What LeadRouting adds to Identity's tables: the user's display name and rep link, and the three roles.</summary>
public sealed class IdentityEntityTypeConfiguration :
    IEntityTypeConfiguration<LeadRoutingUser>,
    IEntityTypeConfiguration<IdentityRole>
{
    public void Configure(EntityTypeBuilder<LeadRoutingUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(LeadRoutingUser.MaxDisplayNameLength);
        builder.Property(u => u.RepId).HasMaxLength(LeadRoutingUser.MaxRepIdLength);
        builder.Property(u => u.Culture).HasMaxLength(LeadRoutingUser.MaxCultureLength);
        builder.Property(u => u.TimeZone).HasMaxLength(LeadRoutingUser.MaxTimeZoneLength);

        // One sign-in per rep record: two people acting as the same rep would blur the audit trail.
        builder.HasIndex(u => u.RepId).IsUnique();
    }

    public void Configure(EntityTypeBuilder<IdentityRole> builder) =>
        // The roles are part of the schema (every database has them), so they come with the migration, with fixed
        // ids and stamps to keep the model deterministic.
        builder.HasData(LeadRoutingRoles.All.Select(role => new IdentityRole
        {
            Id = $"role-{role}",
            Name = role,
            NormalizedName = role.ToUpperInvariant(),
            ConcurrencyStamp = $"role-{role}",
        }));
}
