using LeadRouting.Web.Security;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LeadRouting.Web.Data;

/// <summary>
/// The system of record: leads, decisions with traces, audit trail, routing state, configuration versions, keys, outbox,
/// notifications, the Identity tables (users, roles) of the people who sign in, and — when several instances share
/// PostgreSQL — the Data Protection key ring.
/// </summary>
/// <remarks>
/// One model for both stores. SQLite uses this type; PostgreSQL uses <see cref="PostgresLeadRoutingDbContext"/>, the same
/// model under another type, because EF Core keeps one migration history per context type and each provider needs its
/// own migrations (column types, identity columns).
/// </remarks>
public class LeadRoutingDbContext : IdentityDbContext<LeadRoutingUser>, IDataProtectionKeyContext
{
    public LeadRoutingDbContext(DbContextOptions<LeadRoutingDbContext> options)
        : base(options)
    {
    }

    protected LeadRoutingDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<LeadEntity> Leads => Set<LeadEntity>();
    public DbSet<SignalEntity> Signals => Set<SignalEntity>();
    public DbSet<RoutingDecisionEntity> Decisions => Set<RoutingDecisionEntity>();
    public DbSet<AuditEventEntity> AuditEvents => Set<AuditEventEntity>();
    public DbSet<OutboxMessageEntity> Outbox => Set<OutboxMessageEntity>();
    public DbSet<RepStateEntity> RepStates => Set<RepStateEntity>();
    public DbSet<AccountEntity> Accounts => Set<AccountEntity>();
    public DbSet<AccountDomainAliasEntity> AccountDomainAliases => Set<AccountDomainAliasEntity>();
    public DbSet<RoundRobinPoolEntity> RoundRobinPools => Set<RoundRobinPoolEntity>();
    public DbSet<RoundRobinPassEntity> RoundRobinPasses => Set<RoundRobinPassEntity>();
    public DbSet<PoolPickEntity> PoolPicks => Set<PoolPickEntity>();
    public DbSet<PoolSettingsEntity> PoolSettings => Set<PoolSettingsEntity>();
    public DbSet<ShareAdjustmentEntity> ShareAdjustments => Set<ShareAdjustmentEntity>();
    public DbSet<ConfigurationVersionEntity> ConfigurationVersions => Set<ConfigurationVersionEntity>();
    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();
    public DbSet<LeadTaskEntity> LeadTasks => Set<LeadTaskEntity>();
    public DbSet<TouchEntity> Touches => Set<TouchEntity>();
    public DbSet<NotificationDeliveryEntity> NotificationDeliveries => Set<NotificationDeliveryEntity>();
    public DbSet<WebhookSubscriptionEntity> WebhookSubscriptions => Set<WebhookSubscriptionEntity>();
    public DbSet<ImportProfileEntity> ImportProfiles => Set<ImportProfileEntity>();
    public DbSet<ActionLinkUseEntity> ActionLinkUses => Set<ActionLinkUseEntity>();
    public DbSet<LeadNudgeEntity> LeadNudges => Set<LeadNudgeEntity>();
    public DbSet<MeetingEntity> Meetings => Set<MeetingEntity>();
    public DbSet<RepCalendarFeedEntity> RepCalendarFeeds => Set<RepCalendarFeedEntity>();

    /// <summary>The Data Protection key ring, when it is kept in the database (<see cref="DataServiceCollectionExtensions"/>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        // Identity's own mapping first, so the configurations below can refine its user and role tables.
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LeadRoutingDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC ticks: sortable and comparable in SQL on every provider (SQLite has no
        // native DateTimeOffset), and an index on a deadline serves the escalation sweep. Identity's LockoutEnd too.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();

        // Enums as their names: readable in the database and stable when members are added.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
