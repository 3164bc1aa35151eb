using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadRouting.Web.Data.Configurations;

public sealed class ImportProfileEntityTypeConfiguration : IEntityTypeConfiguration<ImportProfileEntity>
{
    public void Configure(EntityTypeBuilder<ImportProfileEntity> builder)
    {
        builder.ToTable("ImportProfiles");
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.NormalizedName).HasMaxLength(100);
        builder.HasIndex(p => p.NormalizedName).IsUnique();
        builder.Property(p => p.Locale).HasMaxLength(32);
        builder.Property(p => p.Mode).HasMaxLength(16);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.UpdatedBy).HasMaxLength(256);
    }
}
