using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadRouting.Web.Data.Configurations;

public sealed class NotificationDeliveryEntityTypeConfiguration : IEntityTypeConfiguration<NotificationDeliveryEntity>
{
    public void Configure(EntityTypeBuilder<NotificationDeliveryEntity> builder)
    {
        builder.ToTable("NotificationDeliveries");
        builder.Property(d => d.LeadId).HasMaxLength(40);
        builder.Property(d => d.Channel).HasMaxLength(32);
        builder.Property(d => d.Recipient).HasMaxLength(320);
        builder.Property(d => d.LastError).HasMaxLength(1000);

        // Planning a message twice (a retried dispatch) cannot create a second delivery.
        builder.HasIndex(d => new { d.OutboxMessageId, d.Channel, d.Recipient }).IsUnique();

        // The dispatcher's question: which pending deliveries are due?
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => d.LeadId);
        builder.HasOne<OutboxMessageEntity>().WithMany().HasForeignKey(d => d.OutboxMessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class WebhookSubscriptionEntityTypeConfiguration : IEntityTypeConfiguration<WebhookSubscriptionEntity>
{
    public void Configure(EntityTypeBuilder<WebhookSubscriptionEntity> builder)
    {
        builder.ToTable("WebhookSubscriptions");
        builder.Property(w => w.Name).HasMaxLength(128);
        builder.Property(w => w.Url).HasMaxLength(2048);
        builder.Property(w => w.TeamId).HasMaxLength(64);
        builder.Property(w => w.RepId).HasMaxLength(64);
        builder.HasIndex(w => w.DisabledAt);
    }
}
