using LeadRouting.Core.Routing.Matching;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;

namespace LeadRouting.Web.Demo;

/// <summary>
/// Simulates the demo organisation's last <c>days</c> days, deterministically from a seed: about 222 leads a day
/// (weekdays busier than weekends, Tuesdays busiest, 12 % more at the end than at the start), each routed by the real
/// <see cref="RoutingEngine"/> at the moment it arrived over an in-memory routing state that the simulation moves as it
/// goes (round-robin, loads, account claims, out-of-office weeks, leads closing), then worked by its owner:
/// accepted, touched, qualified, converted or lost, by the rules of <see cref="DemoOutcomeModel"/>.
/// </summary>
/// <remarks>
/// <para>Reps answer at their own pace: each has a median time to first touch (2 min to 2 h of business time), demo
/// requests and sales enquiries get answered twice as fast, content leads three times slower; so speed — and with it
/// conversion — differs by rep, team and source. Leads that arrive outside their team's hours wait for the morning.</para>
/// <para>Manual-review and unassigned leads are handed out by the team's manager 1–6 business hours later (audited as
/// <c>AssignedByManager</c>). About 5 % of submissions repeat an earlier person with the same address (merged by
/// deduplication) and 2.5 % arrive a second time from a private address, which the same-email check cannot match: when
/// the company matches an account (by name, for a private address) and the earlier lead is still open, the repeat goes
/// to its owner marked as a possible duplicate; the others may reach a second rep — when two reps work them, the person
/// was contacted twice.</para>
/// <para>Nothing after <c>now</c> happens: recent leads are still assigned, accepted, contacted or qualified, and the
/// queues hold what managers had not handed out yet. Acceptance always comes within the window (no lapses in
/// history), so the escalation sweep finds nothing to do on first start; an accepted lead not touched by its trigger is
/// recorded as escalated.</para>
/// </remarks>
public sealed class DemoHistory
{
    /// <summary>Leads per day on average (≈ 20,000 in 90 days).</summary>
    public const double LeadsPerDay = 222;

    private static readonly double[] WeekdayWeight = [0.12, 1.1, 1.2, 1.1, 1.0, 0.85, 0.10]; // Sunday … Saturday

    private readonly RoutingEngine _engine;
    private readonly DemoLeadFaker _faker;
    private readonly DateTimeOffset _now;
    private readonly DateTimeOffset _start;
    private readonly HistoryState _state;
    private readonly Dictionary<RepId, double> _repSpeed = [];
    private readonly Dictionary<LeadId, HistoryLead> _byId = [];
    private readonly Dictionary<int, HistoryLead> _byPerson = [];
    private readonly PriorityQueue<(HistoryLead Lead, bool Assign, int Work), (DateTimeOffset, long)> _pending = new();
    private long _sequence;

    private DemoHistory(RoutingEngine engine, int seed, DateTimeOffset now, int days)
    {
        _engine = engine;
        _faker = new DemoLeadFaker(seed);
        _now = now;
        _start = now.AddDays(-days);
        _state = new HistoryState(Core.Configuration.DemoRoster.Accounts);

        var random = _faker.Random;
        foreach (var rep in engine.Organisation.Reps.OrderBy(r => r.Id.Value, StringComparer.Ordinal))
        {
            _repSpeed[rep.Id] = Math.Exp(random.Double(Math.Log(2), Math.Log(120)));
            if (random.Double() < 0.5 && days > 21)
            {
                var monday = _start.UtcDateTime.Date.AddDays(7 + random.Number(0, days - 21));
                monday = monday.AddDays(-(((int)monday.DayOfWeek + 6) % 7));
                _state.Vacations[rep.Id] = (new DateTimeOffset(monday, TimeSpan.Zero), new DateTimeOffset(monday.AddDays(7), TimeSpan.Zero));
            }
        }
    }

    public IReadOnlyList<HistoryLead> Leads { get; private set; } = [];

    /// <summary>Everything that moved routing state, in the order it happened (the writer replays it so).</summary>
    public IReadOnlyList<HistoryOp> Operations => _operations;

    private readonly List<HistoryOp> _operations = [];

    /// <summary>Simulates <paramref name="days"/> days up to <paramref name="now"/> with the engine's configuration.</summary>
    public static DemoHistory Generate(RoutingEngine engine, int seed, DateTimeOffset now, int days)
    {
        var history = new DemoHistory(engine, seed, now, days);
        history.Run(days);
        return history;
    }

    private void Run(int days)
    {
        var arrivals = Arrivals(days);
        var leads = new List<HistoryLead>(arrivals.Count);
        foreach (var (at, person, externalId) in arrivals)
        {
            Drain(at);
            var submission = _faker.Submission(person, at, at, externalId);
            var lead = _engine.Normalizer.Normalize(submission, at);
            _state.Now = at;
            var decision = _engine.Route(lead, _state, at);
            if (decision.DuplicateOf is { } duplicateOf)
            {
                Merge(_byId[duplicateOf], lead, decision, at);
                continue;
            }

            var entity = LeadRecorder.NewLead(decision.Enrichment?.Apply(lead) ?? lead, at);
            LeadRecorder.SetRouting(entity, decision, at);
            LeadRecorder.SetSamePerson(entity, decision);
            var history = new HistoryLead(entity, lead, person, _faker.Random.Double(), _faker.Random.Double(), _faker.Random.Double());
            leads.Add(history);
            _byId[history.Id] = history;
            _operations.Add(new HistoryOp(history, HistoryOpKind.Routed, at, decision, lead.Signals));
            _state.Record(history, decision);
            if (decision.OwnerId is { } owner)
            {
                StartWork(history, _engine.Organisation.FindRep(owner)!, at);
            }
            else if (decision.Status is LeadStage.ManualReview or LeadStage.Unassigned)
            {
                var calendar = decision.TeamId is { } team ? _engine.Organisation.FindTeam(team)!.Calendar : _engine.Organisation.DefaultCalendar;
                Schedule(history, calendar.Add(at, TimeSpan.FromHours(_faker.Random.Double(1, 6))), assign: true);
            }
            else if (decision.Status == LeadStage.Disqualified)
            {
                history.ClosedAt = at;
                history.SimStage = LeadStage.Disqualified;
            }

            // The same person from a work and a private address, worked by two reps.
            if (_byPerson.TryGetValue(person.Number, out var other) && other != history && other.Entity.Email != entity.Email
                && other.SimStage.IsOpen() && other.Owner is { } otherOwner && history.Owner is { } owner2 && otherOwner.Id != owner2.Id)
            {
                other.ContactedTwice = history.ContactedTwice = true;
            }

            _byPerson.TryAdd(person.Number, history);
        }

        Drain(_now);
        foreach (var lead in leads)
        {
            lead.Finish(_now);
        }

        Leads = leads;
    }

    /// <summary>When leads arrive and from whom: weekday pattern in each lead's local time, repeats and private addresses.</summary>
    private List<(DateTimeOffset At, DemoPerson Person, string ExternalId)> Arrivals(int days)
    {
        var random = _faker.Random;
        var arrivals = new List<(DateTimeOffset At, DemoPerson Person)>();
        var recent = new List<(DateTimeOffset At, DemoPerson Person)>();
        var recentStart = 0;
        var startDate = DateOnly.FromDateTime(_start.UtcDateTime);
        var total = (int)Math.Round(days * LeadsPerDay);
        var weights = Enumerable.Range(0, days + 1)
            .Select(d => WeekdayWeight[(int)startDate.AddDays(d).DayOfWeek] * (1 + 0.12 * d / Math.Max(1, days)))
            .ToArray();
        var sum = weights.Sum();
        var times = new List<(DateTimeOffset At, Market Market)>(total);
        for (var d = 0; d <= days; d++)
        {
            var count = (int)Math.Round(total * weights[d] / sum);
            for (var i = 0; i < count; i++)
            {
                var market = _faker.PickMarket();
                var at = _faker.ArrivalOn(market, startDate.AddDays(d));
                if (at >= _start && at < _now)
                {
                    times.Add((at, market));
                }
            }
        }

        times.Sort((a, b) => a.At.CompareTo(b.At));
        foreach (var (at, _) in times)
        {
            var roll = random.Double();
            while (recentStart < recent.Count && recent[recentStart].At < at.AddDays(-30))
            {
                recentStart++;
            }

            if (roll < 0.05 && recentStart < recent.Count)
            {
                arrivals.Add((at, recent[random.Number(recentStart, recent.Count - 1)].Person));
                continue;
            }

            var person = _faker.NextPerson();
            arrivals.Add((at, person));
            recent.Add((at, person));
            if (roll > 0.975)
            {
                var twinAt = at.AddHours(random.Double(2, 30));
                if (twinAt < _now)
                {
                    arrivals.Add((twinAt, person.WithFreeMail(FreeMailOf(person))));
                }
            }
        }

        return [.. arrivals.Select((a, i) => (a.At, a.Person, Index: i)).OrderBy(a => a.At).ThenBy(a => a.Index)
            .Select((a, i) => (a.At, a.Person, $"demo-{i + 1:D6}"))];
    }

    private string FreeMailOf(DemoPerson person) =>
        $"{person.Email.Split('@')[0]}.{person.Number}@{_faker.Random.ArrayElement(new[] { "gmail.com", "outlook.com", "gmx.de", "yahoo.com" })}";

    private void Merge(HistoryLead existing, Lead lead, RoutingDecision decision, DateTimeOffset at)
    {
        existing.Lead = existing.Lead with { Signals = [.. existing.Lead.Signals, .. lead.Signals] };
        existing.Entity.Intent = decision.Intent;
        var kind = decision.Rerouted ? HistoryOpKind.Rerouted : HistoryOpKind.Merged;
        _operations.Add(new HistoryOp(existing, kind, at, decision, lead.Signals));
        if (!decision.Rerouted)
        {
            return;
        }

        // A rep working the lead (an account owner holding a monitored lead) hands it to the new routing.
        var previousOwner = existing.Owner;
        if (previousOwner is not null)
        {
            _state.AddLoad(previousOwner.Id, -1);
            existing.StopWork();
            _operations[^1] = _operations[^1] with { PreviousOwner = previousOwner.Id.Value };
        }

        LeadRecorder.SetRouting(existing.Entity, decision, at);
        _state.Record(existing, decision);
        if (decision.OwnerId is { } owner)
        {
            StartWork(existing, _engine.Organisation.FindRep(owner)!, at);
        }
    }

    /// <summary>Hands a queued lead to a rep of its team, as a manager would (senior reps for manual review).</summary>
    private void AssignByManager(HistoryLead lead, DateTimeOffset at)
    {
        if (lead.Owner is not null || !lead.SimStage.IsOpen())
        {
            return;
        }

        var entity = lead.Entity;
        var team = entity.TeamId is { } teamId ? _engine.Organisation.FindTeam(new TeamId(teamId)) : null;
        team ??= _engine.Organisation.Teams.First();
        _state.Now = at;
        var candidates = team.Members.Where(m => m.Rep.Active && _state.GetRepStatus(m.Id).Availability == Availability.Available).ToList();
        var fitting = candidates.Where(m => entity.Stage == LeadStage.ManualReview
            ? m.Rep.Level is RepLevel.SeniorAe or RepLevel.AccountDirector
            : DemoOutcomeModel.LevelFits(entity.Tier, m.Rep.Level)).ToList();
        var pool = fitting.Count > 0 ? fitting : candidates.Count > 0 ? candidates : [.. team.Members];
        var rep = pool.OrderBy(m => _state.GetRepStatus(m.Id).OpenLeads).ThenBy(m => m.Id.Value, StringComparer.Ordinal).First();
        var policy = _engine.SlaPolicy(entity.SlaPolicy, entity.Source);
        var reason = entity.Stage == LeadStage.ManualReview ? "VIP / executive introduction: senior rep" : "nobody was free when it arrived";
        // The same fresh clocks as LeadActionsService.AssignAsync: the queue's lapse is the queue's, the rep's clock starts now.
        var clocks = ManagerAssignmentClocks.Start(policy, rep.Team.Calendar, at, entity.RespondBy, null, entity.ResponseStatus);
        if (clocks.LapsedAt is { } lapsedAt)
        {
            (entity.LapsedAt, entity.LapsedStage) = (lapsedAt, entity.Stage);
        }

        LeadRecorder.SetManagerAssignment(entity, rep, policy, clocks, at, team.Manager.Name ?? "Ops", reason);
        entity.ResponseClockFrom = at;
        _state.AddLoad(rep.Id, 1);
        _operations.Add(new HistoryOp(lead, HistoryOpKind.AssignedByManager, at, null, [])
        {
            Rep = rep,
            Manager = team.Manager.Name ?? "Ops",
            Reason = reason,
        });
        StartWork(lead, rep, at);
    }

    /// <summary>The owner's timeline: acceptance within the window, first touch at the rep's pace, the close a few days later.</summary>
    private void StartWork(HistoryLead lead, RepInfo rep, DateTimeOffset assignedAt)
    {
        var random = _faker.Random;
        var sourceFactor = lead.Entity.Source switch
        {
            SignalType.DemoRequest or SignalType.ContactSales => 0.5,
            SignalType.PricingPageVisit or SignalType.OutboundReply => 1.0,
            _ => 3.0,
        };
        var u1 = 1.0 - random.Double();
        var gaussian = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Sin(2.0 * Math.PI * random.Double());
        var minutes = Math.Clamp(_repSpeed[rep.Id] * sourceFactor * Math.Exp(0.9 * gaussian), 0.5, 3 * 8 * 60);
        var touch = rep.Calendar.Add(assignedAt, TimeSpan.FromMinutes(minutes));
        var escalateAt = lead.Entity.EscalateAt;
        var acceptBy = escalateAt is { } due && due < touch ? due : touch;
        lead.Owner = rep;
        lead.SimStage = LeadStage.Assigned;
        lead.AcceptAt = assignedAt + (acceptBy - assignedAt) * random.Double(0.1, 0.8);
        lead.TouchAt = touch;
        lead.EscalatedAt = escalateAt is { } trigger && touch > trigger ? trigger : null;
        lead.CloseAt = touch.AddDays(random.Double(1, 6));
        lead.TouchKind = random.Double() switch { < 0.5 => TouchKind.Call, < 0.9 => TouchKind.Email, _ => TouchKind.Meeting };
        lead.FollowUps = random.Number(0, 3);
        lead.FollowUpDraws = [.. Enumerable.Range(0, lead.FollowUps).Select(_ => random.Double())];
        Schedule(lead, lead.CloseAt.Value, assign: false);
    }

    private void Schedule(HistoryLead lead, DateTimeOffset at, bool assign) => _pending.Enqueue((lead, assign, lead.Work), (at, _sequence++));

    /// <summary>Runs what happened up to <paramref name="until"/>: managers hand out queued leads, worked leads close.</summary>
    private void Drain(DateTimeOffset until)
    {
        while (_pending.TryPeek(out var item, out var when) && when.Item1 <= until)
        {
            _pending.Dequeue();
            if (item.Work != item.Lead.Work)
            {
                continue;
            }

            if (item.Assign)
            {
                AssignByManager(item.Lead, when.Item1);
            }
            else
            {
                Close(item.Lead);
            }
        }
    }

    private void Close(HistoryLead lead)
    {
        if (lead.Owner is null)
        {
            return;
        }

        lead.Decide();
        lead.SimStage = lead.Outcome;
        _state.AddLoad(lead.Owner.Id, -1);
    }

    /// <summary>The in-memory routing state the simulation routes over and moves.</summary>
    /// <remarks>
    /// Accounts are matched like live routing (alias, parent domain, company name), the same person at the same account is
    /// found like live (possible duplicates), and the daily and hourly caps count the
    /// history's own assignments, so the history shows what the published configuration does. Pools make up nothing
    /// (<see cref="MakeUpPolicy.None"/>, the default of a pool without settings), as in a fresh database.
    /// </remarks>
    private sealed class HistoryState(IEnumerable<AccountRecord> accounts) : IRoutingState
    {
        private readonly AccountBook _accounts = new(accounts);
        private readonly AssignmentLog _assigned = new();
        private readonly Dictionary<(string Domain, string Person), List<HistoryLead>> _byPerson = [];

        public DateTimeOffset Now { get; set; }
        public Dictionary<RepId, (DateTimeOffset From, DateTimeOffset Until)> Vacations { get; } = [];
        private readonly Dictionary<RepId, int> _loads = [];
        private readonly Dictionary<string, HistoryLead> _byEmail = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HistoryLead> _assignedByDomain = new(StringComparer.OrdinalIgnoreCase);
        private readonly RoundRobinPointers _pointers = new();

        public RepStatus GetRepStatus(RepId rep)
        {
            var load = _loads.GetValueOrDefault(rep);
            return Vacations.TryGetValue(rep, out var away) && Now >= away.From && Now < away.Until
                ? new RepStatus(Availability.OutOfOffice, away.Until, load)
                : new RepStatus(Availability.Available, null, load);
        }

        public AccountRecord? FindAccount(string domain) => _accounts.Find(domain);

        public AccountMatch? MatchAccount(AccountQuery query, AccountMatchingPolicy policy) => _accounts.Match(query, policy);

        public int AssignedSince(RepId rep, DateTimeOffset since) => _assigned.CountSince(rep, since);

        public long GetCredit(string poolKey, RepId rep) => _pointers.GetCredit(poolKey, rep);

        public long GetAccrued(string poolKey) => _pointers.GetAccrued(poolKey);

        public long? GetTaken(string poolKey, RepId rep) => _pointers.GetTaken(poolKey, rep);

        public ExistingLead? FindOpenLeadByEmail(string email, DateTimeOffset receivedSince) =>
            _byEmail.TryGetValue(email, out var lead) && lead.SimStage.IsOpen() && lead.Entity.ReceivedAt >= receivedSince ? lead.Existing() : null;

        /// <summary>The newest open lead of the person at the account, as the live index on (AccountDomain, PersonKey) answers.</summary>
        public ExistingLead? FindOpenLeadByPerson(string accountDomain, string personKey, DateTimeOffset receivedSince, LeadId? except) =>
            _byPerson.TryGetValue((accountDomain.ToLowerInvariant(), personKey), out var leads)
                && leads.LastOrDefault(l => l.SimStage.IsOpen() && l.Entity.ReceivedAt >= receivedSince && l.Id != except) is { } lead
                ? lead.Existing()
                : null;

        public ExistingLead? FindOpenAssignedLeadByDomain(string domain) =>
            _assignedByDomain.TryGetValue(domain, out var lead) && lead.SimStage.IsOpen() && lead.Entity.OwnerId is not null ? lead.Existing() : null;

        public long? GetPass(string poolKey, RepId rep) => _pointers.GetPass(poolKey, rep);

        public long GetVirtualTime(string poolKey) => _pointers.GetVirtualTime(poolKey);

        public void AddLoad(RepId rep, int change) => _loads[rep] = Math.Max(0, _loads.GetValueOrDefault(rep) + change);

        /// <summary>What a stored routing moves: the pool, the owner's load, an account claim, the lead for dedup.</summary>
        public void Record(HistoryLead lead, RoutingDecision decision)
        {
            _pointers.Advance(decision);
            if (decision.AccountClaim is { } claim)
            {
                _accounts.TryAdd(claim.ToAccount());
            }

            if (decision.OwnerId is { } owner)
            {
                AddLoad(owner, 1);
                _assigned.Add(owner, Now);
                if (lead.Entity.CompanyDomain is { } domain)
                {
                    _assignedByDomain[domain] = lead;
                }
            }

            lead.SimStage = decision.Status;
            _byEmail[lead.Entity.Email] = lead;
            if (lead.Entity is { AccountDomain: { } account, PersonKey: { } person })
            {
                var key = (account.ToLowerInvariant(), person);
                if (!_byPerson.TryGetValue(key, out var leads))
                {
                    _byPerson[key] = leads = [];
                }

                leads.Remove(lead);
                leads.Add(lead);
            }
        }
    }
}

public enum HistoryOpKind
{
    Routed,
    Merged,
    Rerouted,
    AssignedByManager,
}

/// <summary>One change of routing state in the history: a routing decision stored, or a manager's assignment.</summary>
public sealed record HistoryOp(HistoryLead Lead, HistoryOpKind Kind, DateTimeOffset At, RoutingDecision? Decision, IReadOnlyList<Signal> Signals)
{
    public RepInfo? Rep { get; init; }
    public string? PreviousOwner { get; init; }
    public string? Manager { get; init; }
    public string? Reason { get; init; }

    public LeadEventKind EventKind => Kind switch
    {
        HistoryOpKind.Merged => LeadEventKind.Merged,
        HistoryOpKind.Rerouted => LeadEventKind.Rerouted,
        _ => LeadEventKind.Routed,
    };
}

/// <summary>One lead of the history: its stored row (final as of <c>now</c>) and the timeline that got it there.</summary>
public sealed class HistoryLead(LeadEntity entity, Lead lead, DemoPerson person, double draw, double lossDraw, double qualifyDraw)
{
    public LeadEntity Entity { get; } = entity;
    public Lead Lead { get; internal set; } = lead;
    public DemoPerson Person { get; } = person;
    public LeadId Id { get; } = new(entity.Id);
    public RepInfo? Owner { get; internal set; }
    public DateTimeOffset? AcceptAt { get; internal set; }
    public DateTimeOffset? TouchAt { get; internal set; }
    public DateTimeOffset? EscalatedAt { get; internal set; }
    public DateTimeOffset? QualifiedAt { get; internal set; }
    public DateTimeOffset? CloseAt { get; internal set; }
    public DateTimeOffset? ClosedAt { get; internal set; }
    public TouchKind TouchKind { get; internal set; }
    internal int FollowUps { get; set; }
    internal double[] FollowUpDraws { get; set; } = [];

    /// <summary>Two reps worked this person under two addresses (<see cref="DemoOutcomeModel.ContactedTwiceFactor"/>).</summary>
    public bool ContactedTwice { get; internal set; }

    /// <summary>The chance it had, once worked (null for leads no rep worked).</summary>
    public double? ConversionChance { get; private set; }

    /// <summary>How it ends (Converted, Disqualified, Nurture) — reached only if <see cref="CloseAt"/> is before now.</summary>
    public LeadStage Outcome { get; private set; } = LeadStage.Contacted;

    /// <summary>Touches as stored: the first one and follow-ups up to the close (or now).</summary>
    public IReadOnlyList<(DateTimeOffset At, TouchKind Kind)> Touches { get; private set; } = [];

    internal LeadStage SimStage { get; set; }

    /// <summary>Counts owners: events scheduled for an earlier owner's work no longer apply.</summary>
    internal int Work { get; private set; }

    internal void StopWork()
    {
        Work++;
        Owner = null;
        AcceptAt = TouchAt = EscalatedAt = CloseAt = null;
        FollowUps = 0;
        FollowUpDraws = [];
    }

    internal ExistingLead Existing() => new()
    {
        Id = Id,
        Email = Entity.Email,
        CompanyDomain = Entity.CompanyDomain,
        AccountDomain = Entity.AccountDomain,
        PersonKey = Entity.PersonKey,
        OwnerId = Entity.OwnerId is { } owner ? new RepId(owner) : null,
        Stage = SimStage,
        ReceivedAt = Entity.ReceivedAt,
        Action = Entity.Action,
        Signals = Lead.Signals,
    };

    /// <summary>Draws the outcome from the facts known when the lead closes (see <see cref="DemoOutcomeModel"/>).</summary>
    internal void Decide()
    {
        if (ConversionChance is not null || Owner is null || TouchAt is not { } touch)
        {
            return;
        }

        ConversionChance = DemoOutcomeModel.ConversionChance(Entity.Action, touch - Entity.ReceivedAt, Entity.Tier, Owner.Rep.Level, ContactedTwice);
        Outcome = draw < ConversionChance ? LeadStage.Converted
            : lossDraw < DemoOutcomeModel.DisqualifiedShareOfLosses ? LeadStage.Disqualified
            : LeadStage.Nurture;
        var close = CloseAt!.Value;
        if (Outcome == LeadStage.Converted || qualifyDraw < DemoOutcomeModel.QualifiedShareOfLosses)
        {
            QualifiedAt = touch + (close - touch) / 2;
        }
    }

    /// <summary>Sets the stored columns to where the lead stood at <paramref name="now"/>.</summary>
    internal void Finish(DateTimeOffset now)
    {
        var e = Entity;
        var last = e.AssignedAt ?? e.ReceivedAt;
        if (Owner is null || TouchAt is not { } touch || AcceptAt is not { } accept)
        {
            if (e.Stage == LeadStage.Disqualified)
            {
                ClosedAt = e.ReceivedAt;
            }

            e.UpdatedAt = last;
            return;
        }

        Decide();
        if (accept <= now && accept < touch)
        {
            e.Stage = LeadStage.Accepted;
            e.AcceptedAt = accept;
            last = accept;
        }

        if (EscalatedAt is { } escalated && escalated <= now)
        {
            e.EscalatedAt = escalated;
            e.ResponseStatus = ResponseStatus.Missed;
            e.EscalateAt = null;
            last = escalated;
        }

        if (touch <= now)
        {
            e.FirstTouchAt = touch;
            e.AcceptedAt ??= touch;
            e.ResponseStatus = EscalationRules.FirstTouch(e.RespondBy, touch);
            e.EscalateAt = null;
            e.Stage = LeadStage.Contacted;
            var end = CloseAt!.Value < now ? CloseAt.Value : now;
            Touches = [(touch, TouchKind), .. FollowUpDraws.Select(d => (touch + (end - touch) * d, TouchKind.Email)).Where(t => t.Item1 > touch).OrderBy(t => t.Item1)];
            last = Touches[^1].At;
        }

        if (QualifiedAt is { } qualified && qualified <= now)
        {
            e.Stage = LeadStage.Qualified;
            last = qualified;
        }

        if (CloseAt is { } close && close <= now)
        {
            e.Stage = Outcome;
            ClosedAt = Outcome.IsClosed() ? close : null;
            last = close;
        }

        e.UpdatedAt = last;
    }
}
