using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Routing.Matching;
using LeadRouting.Core.Sla;

namespace LeadRouting.Core.Replay;

/// <summary>
/// What-if replay (DESIGN.md "Analytics and continuous optimisation"): routes the same stored leads, in the order they
/// arrived, through the published configuration and through a draft, each with its own state that evolves as it goes
/// (round-robin pointers, rep loads, account claims, open leads for dedup), and compares the two.
/// </summary>
/// <remarks>
/// Pure and deterministic: each lead is routed at its own <c>receivedAt</c> (no clock is read), leads received at the same
/// instant are taken in lead-id order whatever order they were passed in, and every list of the result is sorted by an
/// ordinal key rather than by a dictionary's enumeration order.
/// </remarks>
public static class ReplayEngine
{
    private const int ProgressEvery = 2_048;

    /// <summary>The replay compares where leads go and reads none of the "why": routing builds no trace for it.</summary>
    private static readonly RouteOptions WithoutTrace = new() { BuildTrace = false };

    public static ReplayResult Compare(
        IReadOnlyList<ReplayLead> history,
        RoutingConfiguration published,
        RoutingConfiguration draft,
        ReplayStartState start,
        ReplayOptions options,
        IProgress<ReplayProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var ordered = InReceiveOrder(history);
        if (start.AccountMatcher is null && start.Accounts.Count > 0)
        {
            // Built once for both configurations: over 100,000 accounts it takes seconds.
            start = start with { AccountMatcher = new AccountMatcher(start.Accounts) };
        }

        // The two configurations share nothing but read-only inputs (the history, the start state, the account matcher),
        // so they are routed side by side: the draft on a thread-pool thread, the published version on this one. Each
        // side is the same sequential pass as before, so the result does not depend on the interleaving.
        var total = ordered.Length * 2;
        var counter = new ProgressCounter(progress, total);
        var draftRun = Task.Run(() => Side.Run(new RoutingEngine(draft), ordered, start, options, counter.Add, cancellationToken), cancellationToken);
        Side before;
        try
        {
            before = Side.Run(new RoutingEngine(published), ordered, start, options, counter.Add, cancellationToken);
        }
        catch
        {
            // Observe the draft's run (it stops at its next cancellation check, or fails on its own) before rethrowing.
            draftRun.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default).Wait(CancellationToken.None);
            throw;
        }

        var after = draftRun.GetAwaiter().GetResult();
        progress?.Report(new ReplayProgress(total, total));

        var changed = new List<ChangedLead>(Math.Min(options.MaxChangedLeads, 256));
        int changedTotal = 0, owner = 0, team = 0, action = 0, status = 0;
        for (var i = 0; i < ordered.Length; i++)
        {
            var p = before.Outcomes[i];
            var d = after.Outcomes[i];
            var changes = Differences(p, d);
            if (changes == ReplayChange.None)
            {
                continue;
            }

            changedTotal++;
            owner += changes.HasFlag(ReplayChange.Owner) ? 1 : 0;
            team += changes.HasFlag(ReplayChange.Team) ? 1 : 0;
            action += changes.HasFlag(ReplayChange.Action) ? 1 : 0;
            status += changes.HasFlag(ReplayChange.Status) ? 1 : 0;
            if (changed.Count < options.MaxChangedLeads)
            {
                var lead = before.Leads[i];
                changed.Add(new ChangedLead(ordered[i].Id, lead.ReceivedAt, lead.DisplayName, lead.Company, p, d, changes));
            }
        }

        return new ReplayResult
        {
            From = options.From,
            To = options.To,
            LoadDays = options.LoadDays,
            LeadsReplayed = ordered.Length,
            ChangedLeadsTotal = changedTotal,
            OwnerChanged = owner,
            TeamChanged = team,
            ActionChanged = action,
            StatusChanged = status,
            RepLoads = RepLoads(before, after),
            Pools = Pools(before, after, start, options),
            Teams = Teams(before, after, start, options),
            ChangedLeads = changed,
        };
    }

    /// <summary>
    /// Sums the leads routed by both sides and reports the total, never a smaller figure after a larger one (the two
    /// sides report from different threads).
    /// </summary>
    private sealed class ProgressCounter(IProgress<ReplayProgress>? progress, int total)
    {
        private readonly Lock _gate = new();
        private int _routed;

        public void Add(int routed)
        {
            if (progress is null)
            {
                return;
            }

            lock (_gate)
            {
                _routed += routed;
                progress.Report(new ReplayProgress(_routed, total));
            }
        }
    }

    /// <summary>What differs between where the published configuration and the draft put the same lead.</summary>
    private static ReplayChange Differences(ReplayOutcome published, ReplayOutcome draft) =>
        (published.OwnerId != draft.OwnerId ? ReplayChange.Owner : ReplayChange.None)
        | (published.TeamId != draft.TeamId ? ReplayChange.Team : ReplayChange.None)
        | (published.Action != draft.Action ? ReplayChange.Action : ReplayChange.None)
        | (published.Status != draft.Status ? ReplayChange.Status : ReplayChange.None);

    /// <summary>The history sorted by (receivedAt, lead id); a lead id that occurs twice is refused, since it would make the order ambiguous.</summary>
    private static ReplayLead[] InReceiveOrder(IReadOnlyList<ReplayLead> history)
    {
        var ordered = history.ToArray();
        Array.Sort(ordered, static (a, b) =>
        {
            var byTime = a.ReceivedAt.UtcTicks.CompareTo(b.ReceivedAt.UtcTicks);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.Id.Value, b.Id.Value);
        });
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Id == ordered[i - 1].Id)
            {
                throw new ArgumentException($"Lead {ordered[i].Id} occurs twice in the history.", nameof(history));
            }
        }

        return ordered;
    }

    private static List<RepLoadChange> RepLoads(Side before, Side after)
    {
        var reps = before.Engine.Configuration.Organisation.Reps.Select(r => r.Id)
            .Concat(after.Engine.Configuration.Organisation.Reps.Select(r => r.Id))
            .Concat(before.Assigned.Keys)
            .Concat(after.Assigned.Keys)
            .Distinct()
            .OrderBy(id => id.Value, StringComparer.Ordinal);
        var result = new List<RepLoadChange>();
        foreach (var id in reps)
        {
            var info = after.Engine.Organisation.FindRep(id) ?? before.Engine.Organisation.FindRep(id);
            result.Add(new RepLoadChange(
                id,
                info?.Rep.Name ?? id.Value,
                info?.Team.Team.Name,
                before.Assigned.GetValueOrDefault(id),
                after.Assigned.GetValueOrDefault(id),
                before.State.PeakOpen(id),
                after.State.PeakOpen(id),
                info?.Rep.Capacity));
        }

        return result;
    }

    private static List<PoolFairnessComparison> Pools(Side before, Side after, ReplayStartState start, ReplayOptions options)
    {
        var availability = start.Reps.ToDictionary(r => r.RepId);
        var beforePools = before.PoolsByKey();
        var afterPools = after.PoolsByKey();
        var keys = before.Picks.Keys.Concat(after.Picks.Keys).Distinct().Order(StringComparer.Ordinal);
        var result = new List<PoolFairnessComparison>();
        foreach (var key in keys)
        {
            var description = (afterPools.GetValueOrDefault(key) ?? beforePools.GetValueOrDefault(key))?.Description ?? key;
            result.Add(new PoolFairnessComparison(
                key,
                description,
                Fairness(before, beforePools.GetValueOrDefault(key), key, availability, options),
                Fairness(after, afterPools.GetValueOrDefault(key), key, availability, options)));
        }

        return result;
    }

    private static PoolFairness? Fairness(Side side, RepPool? pool, string key, Dictionary<RepId, RepAvailability> availability, ReplayOptions options)
    {
        if (!side.Picks.TryGetValue(key, out var picks))
        {
            return null;
        }

        var total = picks.Values.Sum();
        var members = new List<(RepId Id, string Name, int Weight, bool InRotation)>();
        var seen = new HashSet<RepId>();
        foreach (var rep in pool?.Reps ?? [])
        {
            if (seen.Add(rep.Id))
            {
                members.Add((rep.Id, rep.Rep.Name, rep.Rep.Weight, InRotation(rep.Rep, availability, options)));
            }
        }

        // A rep who picked here but is no member any more (cannot happen within one configuration, kept for safety of the sums).
        foreach (var id in picks.Keys.Where(id => !seen.Contains(id)).OrderBy(id => id.Value, StringComparer.Ordinal))
        {
            members.Add((id, id.Value, 0, false));
        }

        var weights = members.Where(m => m.InRotation).Sum(m => (double)Math.Max(1, m.Weight));
        var shares = members
            .Select(m => new RepShare(
                m.Id,
                m.Name,
                m.Weight,
                m.InRotation,
                picks.GetValueOrDefault(m.Id),
                total == 0 ? 0 : (double)picks.GetValueOrDefault(m.Id) / total,
                m.InRotation && weights > 0 ? Math.Max(1, m.Weight) / weights : 0))
            .ToList();
        return new PoolFairness(total, shares);
    }

    /// <summary>A rep round-robin can pick over the window: active, not away, and not out of office until the window's end.</summary>
    private static bool InRotation(Rep rep, Dictionary<RepId, RepAvailability> availability, ReplayOptions options)
    {
        if (!rep.Active)
        {
            return false;
        }

        if (!availability.TryGetValue(rep.Id, out var status))
        {
            return true;
        }

        return status.Availability switch
        {
            Availability.Away => false,
            Availability.OutOfOffice => status.OutOfOfficeUntil is { } until && until <= options.To,
            _ => true,
        };
    }

    private static List<TeamSlaPressureComparison> Teams(Side before, Side after, ReplayStartState start, ReplayOptions options)
    {
        var availability = start.Reps.ToDictionary(r => r.RepId);
        var ids = before.Engine.Configuration.Organisation.Teams.Select(t => t.Id)
            .Concat(after.Engine.Configuration.Organisation.Teams.Select(t => t.Id))
            .Distinct()
            .OrderBy(id => id.Value, StringComparer.Ordinal);
        var result = new List<TeamSlaPressureComparison>();
        foreach (var id in ids)
        {
            var p = Pressure(before, id, availability, options);
            var d = Pressure(after, id, availability, options);
            var name = (after.Engine.Organisation.FindTeam(id) ?? before.Engine.Organisation.FindTeam(id))!.Team.Name;
            result.Add(new TeamSlaPressureComparison(id, name, p, d));
        }

        return result;
    }

    private static TeamSlaPressure? Pressure(Side side, TeamId id, Dictionary<RepId, RepAvailability> availability, ReplayOptions options)
    {
        if (side.Engine.Organisation.FindTeam(id) is not { } team)
        {
            return null;
        }

        var hours = new Dictionary<string, double>(StringComparer.Ordinal);
        double WorkingHours(BusinessCalendar calendar)
        {
            if (!hours.TryGetValue(calendar.Id, out var h))
            {
                h = calendar.WorkingTimeBetween(options.From, options.To).TotalHours;
                hours[calendar.Id] = h;
            }

            return h;
        }

        var repHours = team.Members
            .Where(m => InRotation(m.Rep, availability, options))
            .OrderBy(m => m.Id.Value, StringComparer.Ordinal)
            .Sum(m => WorkingHours(m.Calendar));
        var due = side.Due.GetValueOrDefault(id);
        return new TeamSlaPressure(due.Count, due.Unassigned, WorkingHours(team.Calendar), repHours, due.Peak);
    }

    /// <summary>One configuration's pass over the history.</summary>
    private sealed class Side
    {
        private readonly Dictionary<(TeamId Team, long Hour), int> _duePerHour = [];

        private Side(RoutingEngine engine, ReplayState state, int count)
        {
            Engine = engine;
            State = state;
            Outcomes = new ReplayOutcome[count];
            Leads = new Lead[count];
        }

        public RoutingEngine Engine { get; }

        public ReplayState State { get; }

        public ReplayOutcome[] Outcomes { get; }

        public Lead[] Leads { get; }

        public Dictionary<RepId, int> Assigned { get; } = [];

        public Dictionary<string, Dictionary<RepId, int>> Picks { get; } = new(StringComparer.Ordinal);

        public Dictionary<TeamId, (int Count, int Unassigned, int Peak)> Due { get; } = [];

        public static Side Run(RoutingEngine engine, ReplayLead[] ordered, ReplayStartState start, ReplayOptions options, Action<int> progress, CancellationToken cancellationToken)
        {
            var side = new Side(engine, new ReplayState(start, options.LoadDays), ordered.Length);
            for (var i = 0; i < ordered.Length; i++)
            {
                if (i % ProgressEvery == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (i > 0)
                    {
                        progress(ProgressEvery);
                    }
                }

                side.Route(i, ordered[i]);
            }

            return side;
        }

        public Dictionary<string, RepPool> PoolsByKey()
        {
            var pools = new Dictionary<string, RepPool>(StringComparer.Ordinal);
            foreach (var team in Engine.Organisation.Teams)
            {
                foreach (var (primary, fallback) in team.TierPools)
                {
                    pools.TryAdd(primary.Key, primary);
                    if (fallback is not null)
                    {
                        pools.TryAdd(fallback.Key, fallback);
                    }
                }

                pools.TryAdd(team.SdrPool.Key, team.SdrPool);
                pools.TryAdd(team.BackupPool.Key, team.BackupPool);
            }

            return pools;
        }

        private void Route(int index, ReplayLead replayed)
        {
            var now = replayed.ReceivedAt;
            State.AdvanceTo(now);
            var lead = Engine.Normalizer.Normalize(replayed.Submission, now);
            var decision = Engine.Route(lead, State, now, WithoutTrace);
            State.Apply(replayed.Id, lead, decision, replayed.ClosedAt);
            Leads[index] = lead;

            var merged = decision.DuplicateOf is { } into && !decision.Rerouted ? into : (LeadId?)null;
            Outcomes[index] = new ReplayOutcome(
                decision.Status,
                decision.Action,
                decision.TeamId,
                decision.Team,
                decision.OwnerId,
                decision.OwnerName,
                decision.SlaPolicy,
                decision.RespondBy,
                merged);
            if (merged is not null)
            {
                return;
            }

            if (decision.OwnerId is { } owner)
            {
                Assigned[owner] = Assigned.GetValueOrDefault(owner) + 1;
            }

            if (decision.RoundRobin is { } rr)
            {
                if (!Picks.TryGetValue(rr.PoolKey, out var pool))
                {
                    pool = [];
                    Picks[rr.PoolKey] = pool;
                }

                pool[rr.RepId] = pool.GetValueOrDefault(rr.RepId) + 1;
            }

            if (decision is { TeamId: { } team, RespondBy: { } respondBy })
            {
                var hour = respondBy.UtcTicks / TimeSpan.TicksPerHour;
                var inHour = _duePerHour.GetValueOrDefault((team, hour)) + 1;
                _duePerHour[(team, hour)] = inHour;
                var due = Due.GetValueOrDefault(team);
                Due[team] = (due.Count + 1, due.Unassigned + (decision.Status == LeadStage.Unassigned ? 1 : 0), Math.Max(due.Peak, inHour));
            }
        }
    }
}
