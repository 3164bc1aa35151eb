using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadRouting.Web.Data.Configurations;

public sealed class FairShareEntityTypeConfiguration :
    IEntityTypeConfiguration<PoolPickEntity>,
    IEntityTypeConfiguration<PoolSettingsEntity>,
    IEntityTypeConfiguration<ShareAdjustmentEntity>
{
    public void Configure(EntityTypeBuilder<PoolPickEntity> builder)
    {
        builder.ToTable("PoolPicks");
        builder.Property(p => p.PoolKey).HasMaxLength(200);
        builder.Property(p => p.LeadId).HasMaxLength(64);
        builder.Property(p => p.RepId).HasMaxLength(64);
        // The ledger reads one pool since its reset.
        builder.HasIndex(p => new { p.PoolKey, p.At });
    }

    public void Configure(EntityTypeBuilder<PoolSettingsEntity> builder)
    {
        builder.ToTable("PoolSettings");
        builder.HasKey(p => p.PoolKey);
        builder.Property(p => p.PoolKey).HasMaxLength(200);
        builder.Property(p => p.UpdatedBy).HasMaxLength(256);
    }

    public void Configure(EntityTypeBuilder<ShareAdjustmentEntity> builder)
    {
        builder.ToTable("ShareAdjustments");
        builder.Property(a => a.PoolKey).HasMaxLength(200);
        builder.Property(a => a.RepId).HasMaxLength(64);
        builder.Property(a => a.Reason).HasMaxLength(500);
        builder.Property(a => a.Actor).HasMaxLength(256);
        builder.HasIndex(a => new { a.PoolKey, a.At });
    }
}
