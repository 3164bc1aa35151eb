using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadRouting.Web.Data.Configurations;

public sealed class MeetingEntityTypeConfiguration : IEntityTypeConfiguration<MeetingEntity>
{
    /// <summary>The filter of booked meetings, valid SQL on SQLite and PostgreSQL alike (enums are stored as names).</summary>
    public const string BookedFilter = "\"Status\" = 'Booked'";

    public void Configure(EntityTypeBuilder<MeetingEntity> builder)
    {
        builder.ToTable("Meetings");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasMaxLength(40);
        builder.Property(m => m.LeadId).HasMaxLength(40);
        builder.Property(m => m.RepId).HasMaxLength(64);
        builder.Property(m => m.BuyerName).HasMaxLength(400);
        builder.Property(m => m.BuyerEmail).HasMaxLength(320);
        builder.Property(m => m.BuyerTimeZone).HasMaxLength(64);
        builder.HasIndex(m => m.LeadId);

        // The backstop of the race: two booked meetings of one rep never start at the same instant, whatever the code does.
        builder.HasIndex(m => new { m.RepId, m.StartUtc }).IsUnique().HasFilter(BookedFilter).HasDatabaseName("IX_Meetings_RepId_StartUtc_Booked");
    }
}

public sealed class RepCalendarFeedEntityTypeConfiguration : IEntityTypeConfiguration<RepCalendarFeedEntity>
{
    public void Configure(EntityTypeBuilder<RepCalendarFeedEntity> builder)
    {
        builder.ToTable("RepCalendarFeeds");
        builder.HasKey(f => f.RepId);
        builder.Property(f => f.RepId).HasMaxLength(64);
        builder.Property(f => f.Url).HasMaxLength(2048);
        builder.Property(f => f.ETag).HasMaxLength(256);
        builder.Property(f => f.LastError).HasMaxLength(500);
    }
}
