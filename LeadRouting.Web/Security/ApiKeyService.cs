using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace LeadRouting.Web.Security;

/// <summary>The scopes an API key can carry (DESIGN.md "Public HTTP API").</summary>
public static class ApiScopes
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Ingest, Read, Admin];
}

/// <summary>
/// Issues, checks and revokes API keys. A key reads <c>lr_&lt;prefix&gt;_&lt;secret&gt;</c>; only the prefix (to find it)
/// and a SHA-256 hash of the whole key are stored, so a database leak does not leak usable keys. The secret is
/// 256 random bits, which is why a fast hash is enough (no password stretching needed).
/// </summary>
/// <remarks>
/// A key's stored row is cached for <see cref="CacheFor"/> after it was read, so an ingestion client does not cost a
/// database query per request. The hash is still compared on every request; a revocation through this instance takes
/// effect at once, one through another instance within <see cref="CacheFor"/>.
/// </remarks>
public sealed partial class ApiKeyService(IDbContextFactory<LeadRoutingDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private const string KeyPrefix = "lr_";
    private const int MaxCachedKeys = 10_000;
    private readonly ConcurrentDictionary<string, (ApiKeyEntity? Row, long ReadAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Issues a key on behalf of <paramref name="by"/>, who must be Ops (DESIGN.md "Security": authorization on the server
    /// for every action, not only on the page that offers it); audited under their name.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException"><paramref name="by"/> is not Ops; nothing is stored.</exception>
    public Task<IssuedApiKey> CreateAsync(SignedInUser by, string name, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        DemandOps(by, "create");
        return IssueAsync(by.DisplayName, name, scopes, cancellationToken);
    }

    /// <summary>
    /// Issues a key on behalf of the app itself, audited as <c>system</c>: the demo key at first start, generated or
    /// the operator's own (<paramref name="givenKey"/>, <c>Demo:ApiKey</c>; see <see cref="IsWellFormed"/>). Internal,
    /// so no page or endpoint can reach it; people go through <see cref="CreateAsync"/>.
    /// </summary>
    internal Task<IssuedApiKey> CreateForSystemAsync(string name, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken, string? givenKey = null) =>
        IssueAsync("system", name, scopes, cancellationToken, givenKey);

    /// <summary>A new key: <c>lr_</c>, 6 random bytes in hex (the prefix), <c>_</c>, 32 random bytes in base64url (the secret).</summary>
    public static string NewKey() =>
        $"{KeyPrefix}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>Whether <paramref name="key"/> has the shape of the keys <see cref="NewKey"/> makes.</summary>
    public static bool IsWellFormed(string key) => WellFormedKey().IsMatch(key);

    [GeneratedRegex("^lr_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$")]
    private static partial Regex WellFormedKey();

    private async Task<IssuedApiKey> IssueAsync(string actor, string name, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken, string? givenKey = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var unknown = scopes.Except(ApiScopes.All, StringComparer.Ordinal).ToList();
        if (scopes.Count == 0 || unknown.Count > 0)
        {
            throw new ArgumentException($"Scopes must be some of {string.Join(", ", ApiScopes.All)}; got {string.Join(", ", scopes)}.", nameof(scopes));
        }

        if (givenKey is not null && !IsWellFormed(givenKey))
        {
            throw new ArgumentException("The key does not have the shape lr_<12 hex digits>_<43 base64url characters>.", nameof(givenKey));
        }

        var key = givenKey ?? NewKey();
        var prefix = key[KeyPrefix.Length..key.IndexOf('_', KeyPrefix.Length)];
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entity = new ApiKeyEntity
        {
            Name = name.Trim(),
            Prefix = prefix,
            SecretHash = Hash(key),
            Scopes = string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            CreatedAt = time.GetUtcNow(),
        };
        db.ApiKeys.Add(entity);
        db.AuditEvents.Add(new AuditEventEntity { At = entity.CreatedAt, Actor = actor, Type = "ApiKeyCreated", Detail = $"{entity.Name} ({prefix}): {entity.Scopes}" });
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedApiKey(entity.Id, entity.Name, prefix, key, [.. entity.Scopes.Split(' ')]);
    }

    /// <summary>The key's name and scopes when <paramref name="presented"/> is a valid, unrevoked key; otherwise null.</summary>
    public async Task<VerifiedApiKey?> VerifyAsync(string presented, CancellationToken cancellationToken)
    {
        if (!presented.StartsWith(KeyPrefix, StringComparison.Ordinal) || presented.Length > 200)
        {
            return null;
        }

        var separator = presented.IndexOf('_', KeyPrefix.Length);
        if (separator < 0)
        {
            return null;
        }

        var prefix = presented[KeyPrefix.Length..separator];
        var entity = await FindAsync(prefix, cancellationToken);
        if (entity is null || entity.RevokedAt is not null)
        {
            return null;
        }

        var matches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(entity.SecretHash),
            Encoding.ASCII.GetBytes(Hash(presented)));
        return matches ? new VerifiedApiKey(entity.Id, entity.Name, prefix, [.. entity.Scopes.Split(' ')]) : null;
    }

    private async Task<ApiKeyEntity?> FindAsync(string prefix, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (_cache.TryGetValue(prefix, out var cached) && now - cached.ReadAt < CacheFor.TotalMilliseconds)
        {
            return cached.Row;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (row is not null || _cache.Count < MaxCachedKeys)
        {
            // Unknown prefixes are remembered too (briefly), but never so many that guessing fills memory.
            _cache[prefix] = (row, now);
        }

        return row;
    }

    /// <summary>Every key, newest first, without anything secret (only the hash is stored anyway).</summary>
    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking()
            .OrderByDescending(k => k.Id)
            .Select(k => new ApiKeySummary(k.Id, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Revokes a key on behalf of <paramref name="by"/>, who must be Ops; false when it was unknown or revoked already.</summary>
    /// <exception cref="UnauthorizedAccessException"><paramref name="by"/> is not Ops; the key keeps working.</exception>
    public async Task<bool> RevokeAsync(int id, SignedInUser by, CancellationToken cancellationToken)
    {
        DemandOps(by, "revoke");
        var actor = by.DisplayName;
        _cache.Clear();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var revoked = await db.StampOnceAsync(
            db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null),
            k => k.RevokedAt,
            new AuditEventEntity { At = time.GetUtcNow(), Actor = actor, Type = "ApiKeyRevoked", Detail = $"key {id}" },
            cancellationToken);
        _cache.Clear();
        return revoked;
    }

    private static void DemandOps(SignedInUser by, string action)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!by.Roles.Contains(LeadRoutingRoles.Ops))
        {
            throw new UnauthorizedAccessException($"Only Ops {action} API keys; {by.DisplayName} is {by.Role}.");
        }
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A new key: the only moment its plain text exists.</summary>
public sealed record IssuedApiKey(int Id, string Name, string Prefix, string Key, IReadOnlyList<string> Scopes);

public sealed record VerifiedApiKey(int Id, string Name, string Prefix, IReadOnlyList<string> Scopes);

/// <summary>A key as a list shows it: who it is for, what it may do, whether it still works.</summary>
public sealed record ApiKeySummary(int Id, string Name, string Prefix, string Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
