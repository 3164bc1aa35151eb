using LeadRouting.Core.Leads;
using LeadRouting.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadRouting.Web.Data.Configurations;

public sealed class LeadEntityTypeConfiguration : IEntityTypeConfiguration<LeadEntity>
{
    public void Configure(EntityTypeBuilder<LeadEntity> builder)
    {
        builder.ToTable("Leads");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).HasMaxLength(40);
        builder.Property(l => l.ExternalId).HasMaxLength(LeadValidator.MaxExternalIdLength);
        builder.Property(l => l.Email).HasMaxLength(LeadValidator.MaxEmailLength);
        builder.Property(l => l.CompanyDomain).HasMaxLength(LeadValidator.MaxDomainLength);
        builder.Property(l => l.Country).HasMaxLength(2);
        builder.Property(l => l.Version).IsConcurrencyToken();

        // externalId makes ingestion idempotent: the unique index is what settles a race between two requests.
        builder.HasIndex(l => l.ExternalId).IsUnique();
        builder.HasIndex(l => l.Email);
        builder.HasIndex(l => new { l.CompanyDomain, l.Stage });
        builder.HasIndex(l => new { l.OwnerId, l.Stage });
        builder.HasIndex(l => new { l.Stage, l.ReceivedAt });
        builder.HasIndex(l => l.EscalateAt);

        builder.HasMany(l => l.Signals).WithOne().HasForeignKey(s => s.LeadId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(l => l.Decisions).WithOne().HasForeignKey(d => d.LeadId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(l => l.Events).WithOne().HasForeignKey(e => e.LeadId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SignalEntityTypeConfiguration : IEntityTypeConfiguration<SignalEntity>
{
    public void Configure(EntityTypeBuilder<SignalEntity> builder)
    {
        builder.ToTable("Signals");
        builder.HasIndex(s => new { s.LeadId, s.At });
    }
}

public sealed class RoutingDecisionEntityTypeConfiguration : IEntityTypeConfiguration<RoutingDecisionEntity>
{
    public void Configure(EntityTypeBuilder<RoutingDecisionEntity> builder)
    {
        builder.ToTable("RoutingDecisions");
        builder.HasIndex(d => new { d.LeadId, d.DecidedAt });
        builder.Property(d => d.Reason).HasMaxLength(64);
    }
}

public sealed class AuditEventEntityTypeConfiguration : IEntityTypeConfiguration<AuditEventEntity>
{
    public void Configure(EntityTypeBuilder<AuditEventEntity> builder)
    {
        builder.ToTable("AuditEvents");
        builder.HasIndex(e => new { e.LeadId, e.At });
        builder.HasIndex(e => e.At);
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.Actor).HasMaxLength(256);
    }
}

public sealed class OutboxMessageEntityTypeConfiguration : IEntityTypeConfiguration<OutboxMessageEntity>
{
    public void Configure(EntityTypeBuilder<OutboxMessageEntity> builder)
    {
        builder.ToTable("Outbox");
        builder.HasIndex(m => m.ProcessedAt);
        builder.Property(m => m.Type).HasMaxLength(64);
    }
}
