using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadRouting.Web.Data.Configurations;

public sealed class RepStateEntityTypeConfiguration : IEntityTypeConfiguration<RepStateEntity>
{
    public void Configure(EntityTypeBuilder<RepStateEntity> builder)
    {
        builder.ToTable("RepStates");
        builder.HasKey(r => r.RepId);
        builder.Property(r => r.RepId).HasMaxLength(64);
    }
}

public sealed class AccountEntityTypeConfiguration : IEntityTypeConfiguration<AccountEntity>
{
    public void Configure(EntityTypeBuilder<AccountEntity> builder)
    {
        builder.ToTable("Accounts");
        builder.HasKey(a => a.Domain);
        builder.Property(a => a.Domain).HasMaxLength(253);
        builder.Property(a => a.Industry).HasMaxLength(Routing.NamedAccountsService.MaxNameLength);
        builder.Property(a => a.Country).HasMaxLength(2);
        builder.Property(a => a.ParentAccount).HasMaxLength(Routing.NamedAccountsService.MaxNameLength);
        builder.HasIndex(a => a.OwnerId);
        builder.HasMany(a => a.Aliases).WithOne().HasForeignKey(x => x.AccountDomain).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AccountDomainAliasEntityTypeConfiguration : IEntityTypeConfiguration<AccountDomainAliasEntity>
{
    public void Configure(EntityTypeBuilder<AccountDomainAliasEntity> builder)
    {
        builder.ToTable("AccountDomainAliases");
        builder.HasKey(x => x.Alias);
        builder.Property(x => x.Alias).HasMaxLength(253);
        builder.Property(x => x.AccountDomain).HasMaxLength(253);
        builder.HasIndex(x => x.AccountDomain);
    }
}

public sealed class RoundRobinEntityTypeConfiguration :
    IEntityTypeConfiguration<RoundRobinPoolEntity>,
    IEntityTypeConfiguration<RoundRobinPassEntity>
{
    public void Configure(EntityTypeBuilder<RoundRobinPoolEntity> builder)
    {
        builder.ToTable("RoundRobinPools");
        builder.HasKey(p => p.PoolKey);
        builder.Property(p => p.PoolKey).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<RoundRobinPassEntity> builder)
    {
        builder.ToTable("RoundRobinPasses");
        builder.HasKey(p => new { p.PoolKey, p.RepId });
        builder.Property(p => p.PoolKey).HasMaxLength(200);
        builder.Property(p => p.RepId).HasMaxLength(64);
    }
}

public sealed class ConfigurationVersionEntityTypeConfiguration : IEntityTypeConfiguration<ConfigurationVersionEntity>
{
    public void Configure(EntityTypeBuilder<ConfigurationVersionEntity> builder)
    {
        builder.ToTable("ConfigurationVersions");
        builder.HasIndex(c => new { c.Kind, c.Id });
        // There is one draft at most: two concurrent first saves cannot both create one.
        builder.HasIndex(c => c.Kind).IsUnique().HasFilter("\"Kind\" = 'Draft'").HasDatabaseName("IX_ConfigurationVersions_OneDraft");
        builder.Property(c => c.Author).HasMaxLength(256);
    }
}

public sealed class ApiKeyEntityTypeConfiguration : IEntityTypeConfiguration<ApiKeyEntity>
{
    public void Configure(EntityTypeBuilder<ApiKeyEntity> builder)
    {
        builder.ToTable("ApiKeys");
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.Property(k => k.Prefix).HasMaxLength(32);
        builder.Property(k => k.SecretHash).HasMaxLength(128);
        builder.Property(k => k.Name).HasMaxLength(128);
        builder.Property(k => k.Scopes).HasMaxLength(128);
    }
}
