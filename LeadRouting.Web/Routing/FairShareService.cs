using LeadRouting.Web.Leads;
using LeadRouting.Web.Security;

namespace LeadRouting.Web.Routing;

/// <summary>
/// The fair-share ledger of the round-robin pools (README "Fair-share ledger, make-up rules and caps"): reads it from
/// the picks routing stored, and lets managers and Ops steer it — a pool's make-up policy, a manual adjustment of a
/// rep's share with a reason, a reset of the ledger. Every change is audited and goes through the lead writer, so it
/// is serialised with routing: a pick never reads a pass or credit half-adjusted, and no adjustment is lost.
/// </summary>
public sealed class FairShareService(
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    ConfigurationStore configurations,
    LeadWriter writer,
    TimeProvider time)
{
    public const int MaxAdjustment = 100;
    public const int MaxReasonLength = 500;
    public const string AdjustedAuditType = "FairShareAdjusted";
    public const string MakeUpChangedAuditType = "FairShareMakeUpChanged";
    public const string ResetAuditType = "FairShareReset";

    /// <summary>The round-robin pools of the published configuration that have reps, in team order.</summary>
    public static IReadOnlyList<RepPool> Pools(RoutingEngine engine)
    {
        var pools = new Dictionary<string, RepPool>(StringComparer.Ordinal);
        foreach (var team in engine.Organisation.Teams)
        {
            IEnumerable<RepPool?> candidates = [team.SdrPool, .. team.TierPools.SelectMany(t => new[] { t.Primary, t.Fallback }), team.BackupPool];
            foreach (var pool in candidates)
            {
                if (pool is { Reps.Count: > 0 })
                {
                    pools.TryAdd(pool.Key, pool);
                }
            }
        }

        return [.. pools.Values];
    }

    public static bool MayView(SignedInUser? user) =>
        user is not null && (user.Roles.Contains(LeadRoutingRoles.Manager) || user.Roles.Contains(LeadRoutingRoles.Ops));

    /// <summary>The ledger of <paramref name="poolKey"/> since its last reset.</summary>
    public async Task<FairShareResult<PoolLedger>> LedgerAsync(SignedInUser? user, string poolKey, CancellationToken cancellationToken)
    {
        if (!MayView(user))
        {
            return FairShareResult<PoolLedger>.Refused();
        }

        var published = await configurations.CurrentAsync(cancellationToken);
        if (Pools(published.Engine).FirstOrDefault(p => p.Key == poolKey) is not { } pool)
        {
            return FairShareResult<PoolLedger>.Invalid("pool", $"There is no round-robin pool '{poolKey}'.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.PoolSettings.AsNoTracking().FirstOrDefaultAsync(s => s.PoolKey == poolKey, cancellationToken);
        var since = settings?.LedgerResetAt ?? DateTimeOffset.MinValue;
        var picks = await db.PoolPicks.AsNoTracking()
            .Where(p => p.PoolKey == poolKey && p.At >= since)
            .OrderBy(p => p.Id)
            .Select(p => new PoolPick(new RepId(p.RepId), p.At, p.Rotation))
            .ToListAsync(cancellationToken);
        var adjustments = await db.ShareAdjustments.AsNoTracking()
            .Where(a => a.PoolKey == poolKey && a.At >= since)
            .OrderBy(a => a.Id)
            .ToListAsync(cancellationToken);
        var members = pool.Reps.Select(r => r.Id.Value).ToList();
        var ownership = await db.Decisions.AsNoTracking()
            // NamedAccount is also the distribution of a pool pick that claims an enterprise account for its first owner;
            // such a pick has a pool pick row too, so only decisions without one count as ownership.
            .Where(d => d.OwnerId != null && members.Contains(d.OwnerId) && d.DecidedAt >= since
                && !db.PoolPicks.Any(p => p.LeadId == d.LeadId && p.At == d.DecidedAt)
                && (d.Distribution == DistributionMethod.NamedAccount || d.Distribution == DistributionMethod.AccountInPlay))
            .GroupBy(d => d.OwnerId!)
            .Select(g => new { Rep = g.Key, Leads = g.Select(d => d.LeadId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        var lines = FairShareLedger.Compute(
            picks,
            adjustments.Select(a => new ShareAdjustment(new RepId(a.RepId), a.Leads)),
            settings?.MakeUp ?? MakeUpPolicy.None,
            ownership.ToDictionary(o => new RepId(o.Rep), o => o.Leads));
        var byRep = lines.ToDictionary(l => l.Rep);
        var rows = new List<PoolLedgerRow>();
        foreach (var rep in pool.Reps)
        {
            var line = byRep.GetValueOrDefault(rep.Id) ?? new LedgerLine
            {
                Rep = rep.Id,
                Weight = rep.Rep.Weight,
                InRotation = 0,
                Expected = 0,
                Actual = 0,
                Adjusted = 0,
                ByOwnership = ownership.FirstOrDefault(o => o.Rep == rep.Id.Value)?.Leads ?? 0,
            };
            rows.Add(new PoolLedgerRow(rep.Id.Value, rep.Rep.Name, rep.Rep.Weight, line));
        }

        // Former members still hold picks of the period: shown after the current roster.
        foreach (var line in lines.Where(l => pool.Reps.All(r => r.Id != l.Rep)))
        {
            rows.Add(new PoolLedgerRow(line.Rep.Value, published.Engine.Organisation.FindRep(line.Rep)?.Rep.Name ?? line.Rep.Value, line.Weight, line));
        }

        return FairShareResult<PoolLedger>.Ok(new PoolLedger(
            pool.Key,
            pool.Description,
            settings?.MakeUp ?? MakeUpPolicy.None,
            settings?.LedgerResetAt,
            picks.Count,
            rows,
            [.. adjustments.OrderByDescending(a => a.Id).Take(20).Select(a => new AdjustmentRow(a.RepId, a.Leads, a.Reason, a.Actor, a.At))]));
    }

    /// <summary>Sets the pool's make-up policy; it applies from the writer's next batch.</summary>
    public async Task<FairShareResult<bool>> SetMakeUpAsync(SignedInUser? user, string poolKey, MakeUpPolicy policy, CancellationToken cancellationToken)
    {
        if (!MayView(user))
        {
            return FairShareResult<bool>.Refused();
        }

        if (!Enum.IsDefined(policy))
        {
            return FairShareResult<bool>.Invalid("makeUp", "Unknown make-up policy.");
        }

        if (await PoolAsync(poolKey, cancellationToken) is null)
        {
            return FairShareResult<bool>.Invalid("pool", $"There is no round-robin pool '{poolKey}'.");
        }

        var now = time.GetUtcNow();
        await writer.WriteAsync(
            session =>
            {
                session.SetPoolMakeUp(poolKey, policy, now, user!.Email);
                return true;
            },
            cancellationToken);
        return FairShareResult<bool>.Ok(true);
    }

    /// <summary>
    /// Adjusts <paramref name="repId"/>'s share in the pool by <paramref name="leads"/> (−100…100, not 0): a credit is
    /// owed share the rep's next picks repay at up to double rate, a debit moves the rep's pass forward at once.
    /// </summary>
    public async Task<FairShareResult<bool>> AdjustAsync(SignedInUser? user, string poolKey, string repId, int leads, string? reason, CancellationToken cancellationToken)
    {
        if (!MayView(user))
        {
            return FairShareResult<bool>.Refused();
        }

        if (await PoolAsync(poolKey, cancellationToken) is not { } pool)
        {
            return FairShareResult<bool>.Invalid("pool", $"There is no round-robin pool '{poolKey}'.");
        }

        if (pool.Reps.FirstOrDefault(r => r.Id.Value == repId) is not { } rep)
        {
            return FairShareResult<bool>.Invalid("rep", $"'{repId}' is not a member of this pool.");
        }

        if (leads == 0 || Math.Abs(leads) > MaxAdjustment)
        {
            return FairShareResult<bool>.Invalid("leads", $"The adjustment must be between −{MaxAdjustment} and {MaxAdjustment} leads, and not 0.");
        }

        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why) || why.Length > MaxReasonLength)
        {
            return FairShareResult<bool>.Invalid("reason", $"A reason is required (at most {MaxReasonLength} characters).");
        }

        var now = time.GetUtcNow();
        var adjustment = new ShareAdjustmentEntity { PoolKey = poolKey, RepId = repId, Leads = leads, Reason = why, Actor = user!.Email, At = now };
        await writer.WriteAsync(
            session =>
            {
                session.AdjustShare(adjustment, rep.Rep.Weight, pool.Reps.Sum(r => r.Rep.Weight));
                return true;
            },
            cancellationToken);
        return FairShareResult<bool>.Ok(true);
    }

    /// <summary>Starts the pool's ledger afresh: every rep even at the pool's virtual time, credits dropped.</summary>
    public async Task<FairShareResult<bool>> ResetAsync(SignedInUser? user, string poolKey, CancellationToken cancellationToken)
    {
        if (!MayView(user))
        {
            return FairShareResult<bool>.Refused();
        }

        if (await PoolAsync(poolKey, cancellationToken) is null)
        {
            return FairShareResult<bool>.Invalid("pool", $"There is no round-robin pool '{poolKey}'.");
        }

        var now = time.GetUtcNow();
        await writer.WriteAsync(
            session =>
            {
                session.ResetPool(poolKey, now, user!.Email);
                return true;
            },
            cancellationToken);
        return FairShareResult<bool>.Ok(true);
    }

    private async Task<RepPool?> PoolAsync(string poolKey, CancellationToken cancellationToken) =>
        Pools((await configurations.CurrentAsync(cancellationToken)).Engine).FirstOrDefault(p => p.Key == poolKey);
}

public sealed record PoolLedger(
    string PoolKey,
    string Description,
    MakeUpPolicy MakeUp,
    DateTimeOffset? ResetAt,
    int Picks,
    IReadOnlyList<PoolLedgerRow> Rows,
    IReadOnlyList<AdjustmentRow> RecentAdjustments);

public sealed record PoolLedgerRow(string RepId, string Name, int Weight, LedgerLine Line);

public sealed record AdjustmentRow(string RepId, int Leads, string Reason, string Actor, DateTimeOffset At);

/// <summary>The outcome of a ledger action: the value, or why not — refused (not a manager or Ops) or an invalid field.</summary>
public sealed record FairShareResult<T>(T? Value, bool IsRefused, string? Field, string? Error)
{
    public bool Succeeded => !IsRefused && Error is null;

    public static FairShareResult<T> Ok(T value) => new(value, false, null, null);

    public static FairShareResult<T> Refused() => new(default, true, null, "Only managers and Ops may see and steer the fair-share ledger.");

    public static FairShareResult<T> Invalid(string field, string error) => new(default, false, field, error);
}
