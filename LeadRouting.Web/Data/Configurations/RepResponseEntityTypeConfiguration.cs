using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadRouting.Web.Data.Configurations;

public sealed class ActionLinkUseEntityTypeConfiguration : IEntityTypeConfiguration<ActionLinkUseEntity>
{
    public void Configure(EntityTypeBuilder<ActionLinkUseEntity> builder)
    {
        builder.ToTable("ActionLinkUses");
        builder.HasKey(u => u.Key);
        builder.Property(u => u.Key).HasMaxLength(64);
        builder.Property(u => u.LeadId).HasMaxLength(40);
        builder.Property(u => u.RepId).HasMaxLength(64);
        builder.Property(u => u.Action).HasMaxLength(16);
        builder.HasIndex(u => u.LeadId);
    }
}

public sealed class LeadNudgeEntityTypeConfiguration : IEntityTypeConfiguration<LeadNudgeEntity>
{
    public void Configure(EntityTypeBuilder<LeadNudgeEntity> builder)
    {
        builder.ToTable("LeadNudges");
        builder.HasKey(n => new { n.LeadId, n.Nudge });
        builder.Property(n => n.LeadId).HasMaxLength(40);
        builder.Property(n => n.Nudge).HasMaxLength(64);
    }
}
