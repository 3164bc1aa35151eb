using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;
using RulesEngine.Models;

namespace LeadRouting.Benchmarks.Comparison;

/// <summary>
/// Routes a lead with Microsoft RulesEngine as the policy engine, for comparison with <see cref="RoutingEngine"/>.
/// The rules (<see cref="RulesEnginePolicy"/>) decide intent, fit points, deal tier, SLA policy, segment, treatment
/// and which pool (or queue) the lead goes to, in three workflows run one after the other. What rules cannot
/// express reasonably is plain C# here, mirroring <see cref="RoutingEngine"/> step by step: state look-ups for
/// dedup and ownership, summing fit points, per-rep eligibility (active, availability, capacity, working hours),
/// the weighted round-robin / least-loaded pick, backup fallbacks and the SLA arithmetic. Those C# parts reuse
/// Core's compiled organisation (pools, calendars), <see cref="WeightedRoundRobin"/> and <see cref="SlaCalculator"/>,
/// so both implementations share them and differ in the policy evaluation. No trace is built.
/// </summary>
public sealed class RulesEngineRouter
{
    private readonly global::RulesEngine.RulesEngine _rules;
    private readonly RoutingPolicy _policy;
    private readonly CompiledOrganisation _organisation;
    private readonly Dictionary<string, SlaPolicy> _slaByName;
    private readonly TimeSpan _signalWindow;
    private readonly int _dedupDays;

    public RulesEngineRouter(RoutingConfiguration configuration)
    {
        _policy = configuration.Policy;
        _organisation = new CompiledOrganisation(_policy, configuration.Organisation);
        _slaByName = _policy.SlaPolicies.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _signalWindow = TimeSpan.FromDays(_policy.Intent.SignalWindowDays);
        _dedupDays = _policy.Dedup.SameEmailWindowDays;
        _rules = new global::RulesEngine.RulesEngine(RulesEnginePolicy.Build(configuration), RulesEnginePolicy.Settings());
    }

    /// <summary>
    /// Compiles every workflow (RulesEngine compiles lazily on the first execution and caches the delegates per
    /// workflow and input types), so benchmarks measure the cached, compiled path only.
    /// </summary>
    public async ValueTask WarmUpAsync(Lead lead, DateTimeOffset now)
    {
        await _rules.ExecuteAllRulesAsync(RulesEnginePolicy.ClassifyWorkflow, new RuleParameter("lead", lead), new RuleParameter("clock", new RuleClock(now)));
        var facts = new RoutingFacts();
        await _rules.ExecuteAllRulesAsync(RulesEnginePolicy.TreatWorkflow, new RuleParameter("facts", facts));
        await _rules.ExecuteAllRulesAsync(RulesEnginePolicy.AssignWorkflow, new RuleParameter("facts", facts));
    }

    public async ValueTask<ComparableDecision> RouteAsync(Lead lead, IRoutingState state, DateTimeOffset now)
    {
        if (state.FindOpenLeadByEmail(lead.Email, now.AddDays(-_dedupDays)) is not null)
        {
            // The comparison routes against a state nothing was applied to, so no lead is ever a duplicate.
            throw new NotSupportedException("The RulesEngine comparison does not implement merging into an existing lead.");
        }

        var owner = FindOwner(lead, state);

        var classified = await _rules.ExecuteAllRulesAsync(
            RulesEnginePolicy.ClassifyWorkflow,
            new RuleParameter("lead", lead),
            new RuleParameter("clock", new RuleClock(now - _signalWindow)));
        var facts = new RoutingFacts { Referral = lead.Referral, Intent = _policy.Intent.Default };
        SlaPolicy sla = null!;
        Segment? segment = null;
        foreach (var result in classified)
        {
            switch (result.Rule.RuleName)
            {
                case RulesEnginePolicy.IntentRule:
                    if (Matched(result) is { } intent)
                    {
                        facts.Intent = (Intent)intent;
                    }

                    break;
                case RulesEnginePolicy.SizeRule:
                    facts.FitScore += Matched(result) is { } sizePoints ? (int)sizePoints : 0;
                    break;
                case RulesEnginePolicy.IndustryRule or RulesEnginePolicy.TechStackRule or RulesEnginePolicy.CountryRule:
                    facts.FitScore += result.IsSuccess ? (int)result.Rule.Properties[RulesEnginePolicy.ValueProperty] : 0;
                    break;
                case RulesEnginePolicy.TierRule:
                    facts.Tier = _policy.Tiers[(int)Matched(result)!].Tier;
                    break;
                case RulesEnginePolicy.SlaRule:
                    sla = (SlaPolicy)Matched(result)!;
                    break;
                case RulesEnginePolicy.SegmentRule:
                    segment = (Segment?)Matched(result);
                    break;
            }
        }

        facts.FitScore = Math.Clamp(facts.FitScore, 0, 100);
        var treated = await _rules.ExecuteAllRulesAsync(RulesEnginePolicy.TreatWorkflow, new RuleParameter("facts", facts));
        var row = (MatrixRow)Matched(treated[0])!;
        facts.Action = row.Action;

        var run = new Run(this, lead, state, now, facts, row, sla, segment);
        if (owner is { } found)
        {
            return run.RouteToOwner(found);
        }

        var assigned = await _rules.ExecuteAllRulesAsync(RulesEnginePolicy.AssignWorkflow, new RuleParameter("facts", facts));
        return run.Finish((Outcome)Matched(assigned[0])!);
    }

    /// <summary>The value of the child rule that matched a "first match" rule, or null when none did.</summary>
    private static object? Matched(RuleResultTree result)
    {
        if (!result.IsSuccess)
        {
            return null;
        }

        foreach (var child in result.ChildResults)
        {
            if (child.IsSuccess)
            {
                return child.Rule.Properties[RulesEnginePolicy.ValueProperty];
            }
        }

        return null;
    }

    /// <summary>DESIGN.md §2.2–2.3: the named account's owner, else the owner of an open lead of the same company.</summary>
    private RepInfo? FindOwner(Lead lead, IRoutingState state)
    {
        if (lead.CompanyDomain is not { } domain)
        {
            return null;
        }

        if (state.FindAccount(domain)?.OwnerId is { } ownerId && _organisation.FindRep(ownerId) is { } owner)
        {
            return owner;
        }

        return state.FindOpenAssignedLeadByDomain(domain) is { OwnerId: { } holder } ? _organisation.FindRep(holder) : null;
    }

    /// <summary>One decision after the rules ran: the C# half (eligibility, pick, fallbacks, SLA).</summary>
    private sealed class Run(
        RulesEngineRouter router,
        Lead lead,
        IRoutingState state,
        DateTimeOffset now,
        RoutingFacts facts,
        MatrixRow row,
        SlaPolicy sla,
        Segment? segment)
    {
        private readonly TeamInfo? _team = segment is null ? null : router._organisation.FindTeam(segment.Team);

        public ComparableDecision RouteToOwner(RepInfo owner)
        {
            if (IsEligible(owner, checkHours: false))
            {
                return Build(LeadStage.Assigned, owner);
            }

            if (owner.Rep.Backup is { } backupId && router._organisation.FindRep(backupId) is { } backup && IsEligible(backup, checkHours: false))
            {
                return Build(LeadStage.Assigned, backup);
            }

            return FromBackupPool(owner.Team, checkHours: false);
        }

        public ComparableDecision Finish(Outcome outcome)
        {
            switch (outcome.Kind)
            {
                case OutcomeKind.ManualReview:
                    return Build(LeadStage.ManualReview, null);
                case OutcomeKind.Disqualified:
                    return Build(LeadStage.Disqualified, null, withSla: false);
                case OutcomeKind.Nurture:
                    return Build(LeadStage.Nurture, null, withSla: false);
            }

            if (_team is null)
            {
                return Build(LeadStage.Unassigned, null);
            }

            if (outcome.Kind == OutcomeKind.SdrPool)
            {
                return RoundRobin(_team, _team.SdrPool, null);
            }

            var (primary, fallback) = _team.TierPools[outcome.TierIndex];
            return outcome.Distribution switch
            {
                PoolDistribution.LeastLoaded => LeastLoaded(_team, primary),
                PoolDistribution.NamedAccount => RoundRobin(_team, primary, null),
                _ => RoundRobin(_team, primary, fallback),
            };
        }

        private ComparableDecision RoundRobin(TeamInfo team, RepPool pool, RepPool? fallback)
        {
            var eligible = Eligible(pool, row.Immediate);
            if (eligible.Count == 0 && fallback is not null)
            {
                pool = fallback;
                eligible = Eligible(pool, row.Immediate);
            }

            return eligible.Count == 0 ? FromBackupPool(team, row.Immediate) : Pick(pool, eligible);
        }

        private ComparableDecision LeastLoaded(TeamInfo team, RepPool pool)
        {
            var eligible = Eligible(pool, row.Immediate);
            if (eligible.Count == 0)
            {
                return FromBackupPool(team, row.Immediate);
            }

            return Build(LeadStage.Assigned, RepEligibility.LeastLoaded(eligible, state).Rep);
        }

        private ComparableDecision FromBackupPool(TeamInfo team, bool checkHours)
        {
            var eligible = Eligible(team.BackupPool, checkHours);
            return eligible.Count == 0 ? Build(LeadStage.Unassigned, null) : Pick(team.BackupPool, eligible);
        }

        private ComparableDecision Pick(RepPool pool, List<RepInfo> eligible)
        {
            var pick = WeightedRoundRobin.Pick(pool.Key, eligible, state);
            return Build(LeadStage.Assigned, router._organisation.FindRep(pick.RepId)!);
        }

        private List<RepInfo> Eligible(RepPool pool, bool checkHours)
        {
            var eligible = new List<RepInfo>(pool.Reps.Count);
            foreach (var rep in pool.Reps)
            {
                if (IsEligible(rep, checkHours))
                {
                    eligible.Add(rep);
                }
            }

            return eligible;
        }

        private bool IsEligible(RepInfo rep, bool checkHours) =>
            RepEligibility.Exclusion(rep, state.GetRepStatus(rep.Id), now, checkHours) is null;

        private ComparableDecision Build(LeadStage status, RepInfo? owner, bool withSla = true)
        {
            var team = owner?.Team ?? _team;
            string? slaName = null;
            DateTimeOffset? respondBy = null;
            if (withSla)
            {
                var calendar = owner?.Team.Calendar ?? _team?.Calendar ?? router._organisation.DefaultCalendar;
                var assignedAt = owner is null ? (DateTimeOffset?)null : now;
                var clocks = SlaCalculator.Compute(sla, calendar, lead.ReceivedAt, assignedAt);
                if (row.SlaCap is { } capName && router._slaByName.TryGetValue(capName, out var cap) && cap != sla)
                {
                    var capped = SlaCalculator.Compute(cap, calendar, lead.ReceivedAt, assignedAt);
                    if (capped.RespondBy < clocks.RespondBy)
                    {
                        clocks = capped;
                    }
                }

                slaName = clocks.Policy;
                respondBy = clocks.RespondBy;
            }

            return new ComparableDecision(
                status,
                row.Action,
                facts.Tier,
                segment?.Id,
                team?.Team.Id,
                owner?.Id,
                slaName,
                respondBy);
        }
    }
}

/// <summary>The fields of a routing decision both implementations produce, for the equivalence check.</summary>
public sealed record ComparableDecision(
    LeadStage Status,
    TreatmentAction Action,
    DealTier Tier,
    SegmentId? SegmentId,
    TeamId? TeamId,
    RepId? OwnerId,
    string? SlaPolicy,
    DateTimeOffset? RespondBy)
{
    public static ComparableDecision From(RoutingDecision decision) => new(
        decision.Status,
        decision.Action,
        decision.Tier,
        decision.SegmentId,
        decision.TeamId,
        decision.OwnerId,
        decision.SlaPolicy,
        decision.RespondBy);
}
