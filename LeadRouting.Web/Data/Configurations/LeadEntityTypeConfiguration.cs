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

        // The same person under another address (issue 19): open leads of a person at an account, read when a lead's
        // account match counts and it gives both names.
        builder.Property(l => l.AccountDomain).HasMaxLength(LeadValidator.MaxDomainLength);
        builder.Property(l => l.PossibleDuplicateOf).HasMaxLength(40);
        builder.HasIndex(l => new { l.AccountDomain, l.PersonKey });

        // The board's breach feed: escalations in a period, newest first (with the AuditEvents (Type, At) index below).
        builder.HasIndex(l => l.EscalatedAt);

        // Analytics (/analytics, /api/reports): every report filters on the period received and groups by these columns;
        // covering them, a report reads a narrow index range instead of whole lead rows (docs/BENCHMARKS.md, issue 6).
        // The SLA columns after FirstTouchAt let compliance tell the prospect's first response from the owner's clock
        // (issue 13: a manager's assignment restarts the clock; a lapse in a queue is the queue's) from the index alone.
        builder.HasIndex(
                l => new
                {
                    l.ReceivedAt, l.TeamId, l.OwnerId, l.Source, l.SegmentId, l.Action, l.Stage, l.ResponseStatus, l.AssignedAt, l.FirstTouchAt,
                    l.RespondBy, l.ResponseClockFrom, l.LapsedStage, l.LapsedOwnerId,
                },
                "IX_Leads_Analytics");
        builder.Property(l => l.AssignedBy).HasMaxLength(256);
        builder.Property(l => l.AssignmentReason).HasMaxLength(Leads.LeadActionsService.MaxReasonLength);

        builder.Property(l => l.ResponseStatus).HasDefaultValue(Core.Sla.ResponseStatus.Pending).HasSentinel(Core.Sla.ResponseStatus.Pending);
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
        // The daily and hourly caps count a rep's decisions since the start of the day or hour.
        builder.HasIndex(d => new { d.OwnerId, d.DecidedAt });
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

        // The board's breach feed: lapsed acceptance windows in a period. Partial, not (Type, At): SQLite without
        // statistics would take a Type index for the activity feed's "latest events of these types" too and sort the
        // whole table instead of reading the newest rows backwards.
        builder.HasIndex(e => e.At, "IX_AuditEvents_Lapses").HasFilter("\"Type\" = 'Reassigned'");
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

public sealed class LeadTaskEntityTypeConfiguration : IEntityTypeConfiguration<LeadTaskEntity>
{
    public void Configure(EntityTypeBuilder<LeadTaskEntity> builder)
    {
        builder.ToTable("LeadTasks");
        builder.Property(t => t.RepId).HasMaxLength(64);
        builder.Property(t => t.Title).HasMaxLength(500);
        builder.HasIndex(t => new { t.LeadId, t.CompletedAt, t.CancelledAt });
        builder.HasIndex(t => new { t.RepId, t.CompletedAt, t.CancelledAt, t.DueAt });
        builder.HasOne<LeadEntity>().WithMany().HasForeignKey(t => t.LeadId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class TouchEntityTypeConfiguration : IEntityTypeConfiguration<TouchEntity>
{
    public void Configure(EntityTypeBuilder<TouchEntity> builder)
    {
        builder.ToTable("Touches");
        builder.Property(t => t.RepId).HasMaxLength(64);
        builder.Property(t => t.Note).HasMaxLength(LeadRouting.Web.Leads.LeadActionsService.MaxNoteLength);
        builder.HasIndex(t => new { t.LeadId, t.At });
        builder.HasIndex(t => new { t.RepId, t.At });
        builder.HasOne<LeadEntity>().WithMany().HasForeignKey(t => t.LeadId).OnDelete(DeleteBehavior.Cascade);
    }
}
