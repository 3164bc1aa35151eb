using System.Linq.Expressions;

namespace LeadRouting.Web.Data.Entities;

/// <summary>A rep's live state: availability and load. Who the rep is (level, team, weight…) is configuration.</summary>
public sealed class RepStateEntity
{
    public required string RepId { get; set; }
    public Availability Availability { get; set; }
    public DateTimeOffset? OutOfOfficeUntil { get; set; }
    public int OpenLeads { get; set; }
}

/// <summary>A company known to the CRM; named accounts and customers keep their owner.</summary>
public sealed class AccountEntity
{
    public required string Domain { get; set; }
    public required string Name { get; set; }
    public string? OwnerId { get; set; }
    public bool IsNamedAccount { get; set; }
    public bool IsCustomer { get; set; }

    /// <summary>Firmographics from the CRM; a lead of the company that lacks them gets them before routing.</summary>
    public string? Industry { get; set; }

    public int? Employees { get; set; }

    /// <summary>ISO 3166-1 alpha-2, upper case (the billing country of a CRM export).</summary>
    public string? Country { get; set; }

    /// <summary>The parent account's name as the CRM exports it; shown, not used by routing.</summary>
    public string? ParentAccount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The company's other domains (issue 19); each belongs to one account only.</summary>
    public List<AccountDomainAliasEntity> Aliases { get; set; } = [];

    /// <summary>What routing knows of an account (a projection EF translates to SQL): one place, so live routing, the
    /// account matcher and the what-if replay read the same fields. The aliases come in the same statement (a join,
    /// ordered by the account's domain), never one query per account.</summary>
    public static readonly Expression<Func<AccountEntity, AccountRecord>> AsRecord = a => new AccountRecord
    {
        Domain = a.Domain,
        Name = a.Name,
        OwnerId = a.OwnerId == null ? null : new RepId(a.OwnerId),
        IsNamedAccount = a.IsNamedAccount,
        IsCustomer = a.IsCustomer,
        Industry = a.Industry,
        Employees = a.Employees,
        Country = a.Country,
        DomainAliases = a.Aliases.OrderBy(x => x.Alias).Select(x => x.Alias).ToList(),
    };
}

/// <summary>
/// Another domain of an account's company (<c>siemens-healthineers.com</c> for <c>siemens.com</c>): a lead from it, or
/// from one of its subdomains, matches the account as its own domain would (issue 19). The alias is the key, so no
/// domain is an alias of two accounts; that it is no account's own domain either is checked by
/// <see cref="Routing.NamedAccountsService"/>.
/// </summary>
public sealed class AccountDomainAliasEntity
{
    /// <summary>Canonical ASCII domain (lower case, Punycode), as every stored domain.</summary>
    public required string Alias { get; set; }

    public required string AccountDomain { get; set; }
}

/// <summary>A round-robin pool's virtual time (the pass of its last pick) and its catch-up accrual.</summary>
public sealed class RoundRobinPoolEntity
{
    public required string PoolKey { get; set; }
    public long VirtualTime { get; set; }

    /// <summary>
    /// What one weight unit of the pool's joined members is owed so far, × Stride (<see cref="Core.Routing.IRoutingState.GetAccrued"/>):
    /// catch-up's exact count. Moved with the virtual time under the same condition; 0 in pools stored before it was kept.
    /// </summary>
    public long Accrued { get; set; }
}

/// <summary>A rep's pass in a round-robin pool. Moved only by a conditional update on the expected value.</summary>
public sealed class RoundRobinPassEntity
{
    public required string PoolKey { get; set; }
    public required string RepId { get; set; }
    public long Pass { get; set; }

    /// <summary>Share the rep is owed in the pool, in pass units (fair-share make-up and manual credit); moved with the pass.</summary>
    public long Credit { get; set; }

    /// <summary>
    /// The leads the rep took in the pool in accrual units (<see cref="Core.Routing.IRoutingState.GetTaken"/>); moved with the
    /// pass. Null when unknown — before its first pick since this was kept, or since a ledger reset — and catch-up then
    /// estimates from the virtual time.
    /// </summary>
    public long? Taken { get; set; }
}

/// <summary>A version of the routing configuration document; the newest published one is live.</summary>
public sealed class ConfigurationVersionEntity
{
    public int Id { get; set; }
    public ConfigurationVersionKind Kind { get; set; }
    public required string Json { get; set; }
    public required string Author { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? Comment { get; set; }
}

public enum ConfigurationVersionKind
{
    Draft,
    Published,
}

/// <summary>An API key: only a SHA-256 hash of the secret is stored; the prefix identifies it in lists and logs.</summary>
public sealed class ApiKeyEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string SecretHash { get; set; }
    public required string Scopes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
