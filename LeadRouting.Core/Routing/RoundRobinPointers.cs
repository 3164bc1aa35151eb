namespace LeadRouting.Core.Routing;

/// <summary>
/// The round-robin pointers of every pool held in memory — each rep's pass and the pool's virtual time — as the
/// in-memory routing states (playground, replay, demo history) keep them and as decisions move them.
/// </summary>
public sealed class RoundRobinPointers
{
    private readonly Dictionary<(string Pool, RepId Rep), long> _passes = [];
    private readonly Dictionary<string, long> _virtualTimes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Pool, RepId Rep), long> _credits = [];
    private readonly Dictionary<string, long> _accrued = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Pool, RepId Rep), long> _taken = [];

    /// <inheritdoc cref="IRoutingState.GetPass"/>
    public long? GetPass(string poolKey, RepId rep) => _passes.TryGetValue((poolKey, rep), out var pass) ? pass : null;

    /// <inheritdoc cref="IRoutingState.GetVirtualTime"/>
    public long GetVirtualTime(string poolKey) => _virtualTimes.GetValueOrDefault(poolKey);

    /// <inheritdoc cref="IRoutingState.GetCredit"/>
    public long GetCredit(string poolKey, RepId rep) => _credits.GetValueOrDefault((poolKey, rep));

    /// <inheritdoc cref="IRoutingState.GetAccrued"/>
    public long GetAccrued(string poolKey) => _accrued.GetValueOrDefault(poolKey);

    /// <inheritdoc cref="IRoutingState.GetTaken"/>
    public long? GetTaken(string poolKey, RepId rep) => _taken.TryGetValue((poolKey, rep), out var taken) ? taken : null;

    /// <summary>
    /// A manager's adjustment of <paramref name="leads"/> leads for <paramref name="rep"/> (weight <paramref name="weight"/>
    /// in a pool whose members weigh <paramref name="poolWeight"/> together): a credit is owed share, repaid gradually by
    /// the picks; a debit moves the rep's pass forward at once. See <see cref="WeightedRoundRobin.AdjustmentFor"/>.
    /// </summary>
    public void Adjust(string poolKey, RepId rep, int weight, int poolWeight, int leads)
    {
        var amount = WeightedRoundRobin.AdjustmentFor(leads, weight, poolWeight);
        if (leads >= 0)
        {
            _credits[(poolKey, rep)] = GetCredit(poolKey, rep) + amount;
        }
        else
        {
            _passes[(poolKey, rep)] = (GetPass(poolKey, rep) ?? GetVirtualTime(poolKey)) + amount;
        }
    }

    /// <summary>Applies the pointer move of <paramref name="decision"/>, if a pool picked its owner.</summary>
    public void Advance(RoutingDecision decision)
    {
        if (decision.RoundRobin is { } move)
        {
            _passes[(move.PoolKey, move.RepId)] = move.NewPass;
            _virtualTimes[move.PoolKey] = move.NewVirtualTime;
            _credits[(move.PoolKey, move.RepId)] = move.NewCredit;
            _accrued[move.PoolKey] = move.NewAccrued;
            if (move.NewTaken is { } taken)
            {
                _taken[(move.PoolKey, move.RepId)] = taken;
            }
        }
    }

    /// <summary>A copy of the pointers ("pool/rep" → pass, "pool/@" → virtual time), to check that something did not move them.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() =>
        _passes.Select(p => KeyValuePair.Create($"{p.Key.Pool}/{p.Key.Rep}", p.Value))
            .Concat(_virtualTimes.Select(v => KeyValuePair.Create($"{v.Key}/@", v.Value)))
            .ToDictionary(StringComparer.Ordinal);
}
