using System.Globalization;
using System.Runtime.CompilerServices;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing.Matching;
using LeadRouting.Core.Sla;

namespace LeadRouting.Core.Routing;

/// <summary>
/// The routing policy of DESIGN.md §1–§8 compiled from one configuration. <see cref="Route(Lead, IRoutingState, DateTimeOffset, RouteOptions?)"/>
/// is a pure function of (configuration, state snapshot, lead, now): it reads the snapshot, never writes it,
/// and returns a decision that names every step it took and every rep it ruled out (unless the caller asks for no trace,
/// <see cref="RouteOptions.BuildTrace"/>, as what-if replay does).
/// </summary>
public sealed class RoutingEngine
{
    private readonly TimeProvider _time;
    private readonly RoutingPolicy _policy;
    private readonly IntentClassifier _intent;
    private readonly FitScorer _fit;
    private readonly DealTierClassifier _tiers;
    private readonly MatrixRow[,] _matrix;
    private readonly SlaPolicy?[] _slaBySource;
    private readonly Dictionary<string, SlaPolicy> _slaByName;
    private readonly TraceTexts _texts;

    public RoutingEngine(RoutingConfiguration configuration, TimeProvider? time = null)
    {
        var errors = ConfigurationValidator.Validate(configuration);
        if (errors.Count > 0)
        {
            throw new ConfigurationException(errors);
        }

        Configuration = configuration;
        _time = time ?? TimeProvider.System;
        _policy = configuration.Policy;
        Normalizer = new LeadNormalizer(_policy.Intake);
        _intent = new IntentClassifier(_policy.Intent);
        _fit = new FitScorer(_policy.Fit);
        _tiers = new DealTierClassifier(_policy.Tiers, _policy.Currency);
        _matrix = new MatrixRow[Enum.GetValues<Intent>().Length, Enum.GetValues<Fit>().Length];
        foreach (var row in _policy.Matrix)
        {
            _matrix[(int)row.Intent, (int)row.Fit] = row;
        }

        _slaBySource = new SlaPolicy?[Enum.GetValues<SignalType>().Length];
        foreach (var sla in _policy.SlaPolicies)
        {
            foreach (var source in sla.Sources)
            {
                _slaBySource[(int)source] = sla;
            }
        }

        _slaByName = _policy.SlaPolicies.ToDictionary(p => p.Name, StringComparer.Ordinal);
        Organisation = new CompiledOrganisation(_policy, configuration.Organisation);
        Segments = new SegmentIndex(configuration.Organisation.Segments, configuration.Organisation.Regions);
        _texts = new TraceTexts(_policy, _matrix, Organisation, Segments);
    }

    public RoutingConfiguration Configuration { get; }

    public CompiledOrganisation Organisation { get; }

    public SegmentIndex Segments { get; }

    public LeadNormalizer Normalizer { get; }

    /// <summary>Validates and normalises a submission at the current time; null with <paramref name="errors"/> filled when it is bad.</summary>
    public Lead? Accept(LeadSubmission submission, FieldErrors errors)
    {
        var now = _time.GetUtcNow();
        LeadValidator.Validate(submission, now, errors);
        return errors.IsEmpty ? Normalizer.Normalize(submission, now) : null;
    }

    /// <summary>Routes at the current time of the engine's <see cref="TimeProvider"/>.</summary>
    public RoutingDecision Route(Lead lead, IRoutingState state, RouteOptions? options = null) =>
        Route(lead, state, _time.GetUtcNow(), options);

    public RoutingDecision Route(Lead lead, IRoutingState state, DateTimeOffset now, RouteOptions? options = null)
    {
        options ??= NoOptions;
        var run = new Run(this, lead, state, now, options);
        return run.Decide();
    }

    /// <summary>
    /// The lead was not accepted within its acceptance window (DESIGN.md "SLA clocks and escalation"): after
    /// <paramref name="reassignmentsSoFar"/> earlier reassignments it moves along the configured fallback chain
    /// (<see cref="RoutingPolicy.Fallback"/>; by default the owner's backup, the segment's pool at the lead's tier, the
    /// owner's team backup pool) with a fresh window, or — once <see cref="MaxReassignments"/> is reached or nobody
    /// along the chain has capacity — to the Unassigned queue. The rep who let it lapse stands where the account owner
    /// stands in the chain. The manager is told in every case. Reps in <see cref="RouteOptions.ExcludedReps"/> (those
    /// who let it lapse or declined it before) are not picked again.
    /// </summary>
    public RoutingDecision Reassign(Lead lead, RepId owner, int reassignmentsSoFar, IRoutingState state, DateTimeOffset now, RouteOptions? options = null)
    {
        var run = new Run(this, lead, state, now, options ?? NoOptions);
        return run.Reassign(owner, reassignmentsSoFar);
    }

    /// <summary>
    /// How routing classifies <paramref name="lead"/> at <paramref name="at"/> — intent, fit, treatment, deal tier and
    /// segment — without looking at any state or choosing a rep: what a lead imported as history is filed under, so the
    /// reports group it by segment and tier like a routed lead.
    /// </summary>
    public LeadClassification Classify(Lead lead, DateTimeOffset at)
    {
        var intent = _intent.Classify(lead.Signals, at);
        var fit = _fit.Score(lead);
        var row = _matrix[(int)intent.Intent, (int)fit.Fit];
        var segment = Segments.Match(lead);
        return new LeadClassification(intent.Intent, fit.Score, fit.Fit, row.Action, _tiers.Classify(lead).Tier.Tier, segment?.Id, segment?.Team);
    }

    /// <summary>How often a lead that nobody accepts moves on before it waits in the Unassigned queue.</summary>
    public const int MaxReassignments = 2;

    /// <summary>The SLA policy that applies to a lead source.</summary>
    public SlaPolicy SlaPolicyFor(SignalType source) => _slaBySource[(int)source]!;

    /// <summary>The SLA policy of this name, falling back to the one for <paramref name="source"/>.</summary>
    public SlaPolicy SlaPolicy(string? name, SignalType source) =>
        name is not null && _slaByName.TryGetValue(name, out var policy) ? policy : SlaPolicyFor(source);

    private static readonly RouteOptions NoOptions = new();

    /// <summary>One routing run: the working state of a single decision, so the engine itself stays immutable.</summary>
    private sealed class Run(RoutingEngine engine, Lead lead, IRoutingState state, DateTimeOffset now, RouteOptions options)
    {
        // Null when the caller reads no trace (RouteOptions.BuildTrace): every `_trace?.Add(...)` then skips building its step.
        private readonly List<TraceStep>? _trace = options.BuildTrace ? new(12) : null;
        private readonly RoutingPolicy _policy = engine._policy;
        private IntentResult _intent = null!;
        private FitResult _fit = null!;
        private MatrixRow _row = null!;
        private TierResult _tier = null!;
        private Segment? _segment;
        private TeamInfo? _team;
        private LeadId? _duplicateOf;
        private LeadId? _possibleDuplicateOf;
        private bool _rerouted;
        private RoundRobinAdvance? _roundRobin;
        private AccountClaim? _claim;
        private readonly List<ManagerNotice> _notices = [];
        private string? _slaCappedFrom;
        private AccountRecord? _account;
        private AccountEnrichment? _enrichment;
        private AccountMatch? _match;
        private AccountMatch? _review;

        public RoutingDecision Decide()
        {
            TraceIntake();
            MatchAccount();
            Enrich();
            var merged = CheckSamePerson();
            if (merged is not null)
            {
                return merged;
            }

            // The same person under another address (issue 19) is DESIGN.md §2's first rule — the same person — and so
            // comes before the account's ownership, like a merge by email does.
            var ownership = CheckPossibleDuplicate() ?? CheckOwnership();
            Classify();

            if (ownership is { } owner)
            {
                return RouteToOwner(owner.Rep, owner.Method, owner.Why);
            }

            if (lead.Referral != Referral.None)
            {
                return ManualReview($"referral {lead.Referral}");
            }

            if (_review is { } candidate)
            {
                return ManualReview($"uncertain account match: {candidate.Describe()}");
            }

            if (!_row.Action.NeedsRep())
            {
                return Nurture();
            }

            if (_team is null)
            {
                return Unassigned("no segment matches the lead and there is no catch-all segment", null);
            }

            return Distribute(_team);
        }

        public RoutingDecision Reassign(RepId ownerId, int reassignmentsSoFar)
        {
            Classify();
            var owner = engine.Organisation.FindRep(ownerId);
            var team = owner?.Team ?? _team;
            var manager = team?.Manager ?? (null, null);
            var ownerName = owner?.Rep.Name ?? ownerId.Value;
            var lapsed = $"not accepted by {ownerName} within the acceptance window ({reassignmentsSoFar} reassignment(s) before)";
            if (reassignmentsSoFar >= MaxReassignments || owner is null)
            {
                _trace?.Add(new TraceStep("Escalation", lapsed, owner is null
                    ? $"{ownerName} is no longer in the organisation"
                    : $"{MaxReassignments} reassignments reached: the lead waits for a manager"));
                return Unassigned($"not accepted after {reassignmentsSoFar} reassignment(s)", team);
            }

            _notices.Add(new ManagerNotice($"Not accepted by {ownerName} in time; reassigned", manager.Name, manager.Email, team?.Team.Id));
            _trace?.Add(new TraceStep(
                "Escalation",
                lapsed,
                $"reassigned along the fallback chain ({FallbackChain.Describe(_policy.Fallback)}); the new owner gets a fresh acceptance window"));
            return Walk(ChainAfter(owner), owner.Team);
        }

        private void TraceIntake() =>
            _trace?.Add(TraceStep.Of(
                "Intake",
                lead,
                static l => $"{l.Email}, source {l.Source}, referral {l.Referral}",
                static l => l.CompanyDomain is null
                    ? $"no company domain (free-mail address); {l.Signals.Count} signal(s)"
                    : l.DomainFromEmail
                        ? $"company domain {l.CompanyDomain} (from the email); {l.Signals.Count} signal(s)"
                        : $"company domain {l.CompanyDomain}; {l.Signals.Count} signal(s)"));

        /// <summary>
        /// The lead's account (issue 19): its exact domain's, else what the state's matcher finds by domain alias, parent
        /// domain or company name. A match at or above <see cref="AccountMatchingPolicy.CountsAt"/> counts like a domain
        /// match for enrichment and ownership; a grey-zone match to an account with an owner sends the lead to Manual
        /// review with the candidate named, because a person can tell in seconds what the score cannot. A grey-zone
        /// candidate without an owner changes nothing, so it is only traced.
        /// </summary>
        private void MatchAccount()
        {
            if (lead.CompanyDomain is { } domain && state.FindAccount(domain) is { } exact)
            {
                _match = new AccountMatch(exact, AccountMatchRule.Domain, 1.0, domain);
                return;
            }

            var query = new AccountQuery(lead.CompanyDomain, lead.Company, lead.Country, lead.Employees);
            if (state.MatchAccount(query, _policy.AccountMatching) is not { } match)
            {
                return;
            }

            var strength = _policy.AccountMatching.Judge(match.Confidence);
            if (strength == AccountMatchStrength.Counts)
            {
                _match = match;
            }
            else if (strength == AccountMatchStrength.Review && match.Account.OwnerId is not null)
            {
                _review = match;
            }

            _trace?.Add(TraceStep.Of(
                "Account match",
                (Query: query, Match: match, Strength: strength, _policy.AccountMatching),
                static f => f.Query.Domain is null
                    ? $"company name '{f.Query.Company}' (no company domain)"
                    : $"company domain {f.Query.Domain}, company name '{f.Query.Company ?? "unknown"}'",
                static f => f.Match.Describe() + f.Strength switch
                {
                    AccountMatchStrength.Counts => $": counts like the account's own domain (threshold {Number(f.AccountMatching.CountsAt)})",
                    _ when f.Match.Account.OwnerId is null => $": below {Number(f.AccountMatching.CountsAt)}, and the account has no owner; not used",
                    _ => $": below {Number(f.AccountMatching.CountsAt)}, a person checks it",
                }));
        }

        private static string Number(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

        /// <summary>
        /// Fills the lead's missing firmographics from its company's account before anything reads them, so segments,
        /// fit and tier see what the CRM knows. The decision carries the enrichment for the caller to store with the lead.
        /// </summary>
        private void Enrich()
        {
            if (AccountEnrichment.Of(lead, _match?.Account) is not { } enrichment)
            {
                return;
            }

            _enrichment = enrichment;
            lead = enrichment.Apply(lead);
            _trace?.Add(TraceStep.Of(
                "Enrichment",
                enrichment,
                static e => $"account '{e.AccountName}' ({e.Domain}) for the lead's missing firmographics",
                static e => e.Describe()));
        }

        private RoutingDecision? CheckSamePerson()
        {
            var since = now.AddDays(-_policy.Dedup.SameEmailWindowDays);
            var existing = state.FindOpenLeadByEmail(lead.Email, since);
            if (existing is null || existing.Id == options.Self)
            {
                _trace?.Add(TraceStep.Of(
                    "Duplicate check",
                    (lead.Email, _policy.Dedup.SameEmailWindowDays),
                    static f => $"open leads with {f.Email} received in the last {f.SameEmailWindowDays} days",
                    static _ => "none: this is a new lead"));
                return null;
            }

            _duplicateOf = existing.Id;
            var signals = existing.Signals.Concat(lead.Signals);
            Classify(signals);
            if (existing.Action == TreatmentAction.NurtureMonitored && _row.Action.NeedsRep())
            {
                _rerouted = true;
                _trace?.Add(new TraceStep(
                    "Duplicate check",
                    $"open lead {existing.Id} with {lead.Email}, monitored in nurture",
                    $"merged; the new signals lift intent to {_intent.Intent}, so the monitored lead is routed now"));
                options = options with { Self = existing.Id };
                return null;
            }

            var owner = existing.OwnerId is { } id ? engine.Organisation.FindRep(id) : null;
            _trace?.Add(new TraceStep(
                "Duplicate check",
                $"open lead {existing.Id} with {lead.Email} (stage {existing.Stage})",
                $"merged into it: signals appended, intent re-evaluated to {_intent.Intent}, " +
                (owner is null ? "no owner to change" : $"owner {owner.Rep.Name} kept") + "; no second rep is told to call"));
            return Build(existing.Stage, owner, DistributionMethod.ExistingLead, sla: false) with
            {
                Action = existing.Action ?? _row.Action,
            };
        }

        /// <summary>
        /// The same person under another address (issue 19): with an account match that counts and both names given, the
        /// newest open lead received within the dedup window whose first and last name fold to the same
        /// <see cref="PersonNames.Key"/> at the same account. The new lead stays a lead of its own (the email differs, so
        /// nothing is merged) and is marked <see cref="RoutingDecision.PossibleDuplicateOf"/>; it goes to that lead's owner
        /// as an account owner's lead does — the owner if they can take it, else the fallback chain after them. A lead
        /// without an owner (nurture, a queue) has nobody to go to: the new lead is marked and routes by the rules.
        /// A grey-zone match links nobody, and nothing is traced when no such lead exists.
        /// </summary>
        private (RepInfo Rep, DistributionMethod Method, string Why)? CheckPossibleDuplicate()
        {
            if (_duplicateOf is not null || _match is not { } match || PersonNames.Key(lead.FirstName, lead.LastName) is not { } person)
            {
                return null;
            }

            var since = now.AddDays(-_policy.Dedup.SameEmailWindowDays);
            var existing = state.FindOpenLeadByPerson(match.Account.Domain, person, since, options.Self);
            if (existing is null || existing.Id == options.Self)
            {
                return null;
            }

            _possibleDuplicateOf = existing.Id;
            var facts = new SamePerson(existing.Id, lead.DisplayName, match.Account.Name, match.Account.Domain, _policy.Dedup.SameEmailWindowDays);
            var owner = existing.OwnerId is { } id ? engine.Organisation.FindRep(id) : null;
            if (owner is null)
            {
                _trace?.Add(TraceStep.Of(
                    "Duplicate check",
                    facts,
                    static f => f.Input,
                    static f => $"same person as open lead {f.Id} ({f.Name} at {f.Account}), which has no owner: marked possible duplicate; routed by the rules"));
                return null;
            }

            _trace?.Add(TraceStep.Of(
                "Duplicate check",
                (Facts: facts, Owner: owner.Rep.Name),
                static f => f.Facts.Input,
                static f => $"same person as open lead {f.Facts.Id} ({f.Facts.Name} at {f.Facts.Account}), routed to its owner {f.Owner}; marked possible duplicate"));
            return (owner, DistributionMethod.ExistingLead, $"same person as open lead {existing.Id}, owned by {owner.Rep.Name}");
        }

        private sealed record SamePerson(LeadId Id, string Name, string Account, string Domain, int Days)
        {
            public string Input => $"open leads named {Name} at {Account} ({Domain}) received in the last {Days} days";
        }

        private (RepInfo Rep, DistributionMethod Method, string Why)? CheckOwnership()
        {
            // A lead matched by name or parent domain is looked up under its account's domain: that is what is in play.
            if ((_match?.Account.Domain ?? lead.CompanyDomain) is not { } domain)
            {
                _trace?.Add(new TraceStep("Ownership", "company domain", "none known: no account match possible"));
                return null;
            }

            var account = _match?.Account;
            _account = account;
            RepInfo? unprotectedOwner = null;
            if (account?.OwnerId is { } ownerId && engine.Organisation.FindRep(ownerId) is { } owner)
            {
                if (account.IsNamedAccount || account.IsCustomer)
                {
                    var kind = account.IsCustomer ? "existing customer" : "named account";
                    var why = $"{domain} is {kind} '{account.Name}' owned by {owner.Rep.Name}";
                    _trace?.Add(new TraceStep("Ownership", $"accounts matching {domain}", why + ": strategic ownership is never overridden by rules"));
                    return (owner, DistributionMethod.NamedAccount, why);
                }

                // An owner without the named-account flag is the CRM's account owner, not a claim on every lead: the lead
                // routes like any other, and the owner hears of it so the relationship is not worked behind their back.
                unprotectedOwner = owner;
                _notices.Add(new ManagerNotice(
                    $"Lead from {account.Name} ({owner.Rep.Name}'s account, not a named account): routed without ownership protection",
                    owner.Rep.Name,
                    owner.Rep.Email,
                    owner.Team.Team.Id));
            }

            string Unprotected(string outcome) =>
                $"account '{account!.Name}' is owned by {unprotectedOwner!.Rep.Name} but not a named account: {outcome}; {unprotectedOwner.Rep.Name} notified";

            var inPlay = state.FindOpenAssignedLeadByDomain(domain);
            if (inPlay is { OwnerId: { } inPlayOwner } && inPlay.Id != options.Self && engine.Organisation.FindRep(inPlayOwner) is { } holder)
            {
                var why = $"{domain} is already in play: open lead {inPlay.Id} is owned by {holder.Rep.Name}";
                _trace?.Add(new TraceStep(
                    "Ownership",
                    $"accounts and open leads of {domain}",
                    unprotectedOwner is null ? why : Unprotected("no ownership protection") + "; " + why));
                return (holder, DistributionMethod.AccountInPlay, why);
            }

            if (unprotectedOwner is not null)
            {
                _trace?.Add(new TraceStep("Ownership", $"accounts and open leads of {domain}", Unprotected("routed by segment")));
                return null;
            }

            _trace?.Add(TraceStep.Of(
                "Ownership",
                (Domain: domain, Account: account?.Name),
                static f => $"accounts and open leads of {f.Domain}",
                static f => f.Account is null ? "no account with an owner, no open assigned lead" : $"account '{f.Account}' has no owner; no open assigned lead"));
            return null;
        }

        private void Classify(IEnumerable<Signal>? signals = null)
        {
            if (_intent is not null)
            {
                // Already classified over the merged signals of a duplicate.
                return;
            }

            _intent = engine._intent.Classify(signals ?? lead.Signals, now);
            _fit = engine._fit.Score(lead);
            _row = engine._matrix[(int)_intent.Intent, (int)_fit.Fit];

            // The sentences' constant parts come from the engine's TraceTexts; the rest is written on first read.
            var texts = engine._texts;
            _trace?.Add(TraceStep.Of(
                "Intent",
                (Texts: texts, _intent, _policy.Intent.SignalWindowDays),
                static _ => "signals and source",
                static f => f.Texts.IntentOutcome(f._intent, f.SignalWindowDays)));
            _trace?.Add(TraceStep.Of(
                "Fit",
                (Texts: texts, lead, _fit, _policy.Fit.StrongThreshold),
                static f => TraceTexts.Firmographics(f.lead),
                static f => f.Texts.FitOutcome(f._fit, f.StrongThreshold)));
            _trace?.Add(TraceStep.Of(
                "Treatment",
                (Texts: texts, _intent.Intent, _fit),
                static f => f.Texts.TreatmentInput(f.Intent, f._fit.Fit),
                static f => f.Texts.TreatmentOutcome(f.Intent, f._fit.Fit, f._fit.Score)));

            _tier = engine._tiers.Classify(lead);
            _trace?.Add(TraceStep.Of(
                "Deal tier",
                (Texts: texts, _tier),
                static f => f._tier.Basis == TierBasis.DealSize ? "estimated deal size" : "company size",
                static f => f.Texts.TierOutcome(f._tier)));

            _segment = engine.Segments.Match(lead);
            _team = _segment is null ? null : engine.Organisation.FindTeam(_segment.Team);
            _trace?.Add(TraceStep.Of(
                "Segment",
                (Texts: texts, lead, _segment, _team),
                static f => f.Texts.SegmentInput(f.lead),
                static f => f._segment is null
                    ? "no segment matches"
                    : f.Texts.SegmentOutcome(f._segment) ?? $"'{f._segment.Name}' (priority {f._segment.Priority}) → team {f._team?.Team.Name}"));
        }

        private RoutingDecision RouteToOwner(RepInfo owner, DistributionMethod method, string why)
        {
            if (Exclusion(owner) is { } ownerReason)
            {
                _trace?.Add(new TraceStep(
                    "Distribution",
                    why,
                    $"{owner.Rep.Name} cannot take it; fallback chain: {FallbackChain.Describe(_policy.Fallback)}",
                    [new ExcludedCandidate(owner.Id, owner.Rep.Name, ownerReason)]));
                return Walk(ChainAfter(owner), owner.Team);
            }

            _trace?.Add(new TraceStep("Distribution", why, $"kept with {owner.Rep.Name}"));
            return Assigned(owner, method);
        }

        private RoutingDecision ManualReview(string why)
        {
            var manager = _team?.RegionManager ?? (null, null);
            _trace?.Add(new TraceStep(
                "Exception",
                why,
                $"Manual review queue; {(manager.Name is null ? "no manager configured" : $"region manager {manager.Name} notified")}"));
            _notices.Add(new ManagerNotice("ManualReview", manager.Name, manager.Email, _team?.Team.Id));
            return Build(LeadStage.ManualReview, null, DistributionMethod.ManualReview, sla: true);
        }

        private RoutingDecision Nurture()
        {
            var disqualify = _row.Action == TreatmentAction.NurtureOrDisqualify && _fit.Score < _policy.DisqualifyBelowFitScore;
            _trace?.Add(new TraceStep(
                "Distribution",
                $"action {_row.Action}",
                disqualify ? "no rep: disqualified" : _row.Action == TreatmentAction.NurtureMonitored
                    ? "no rep: marketing nurture, re-routed automatically when a new signal lifts intent"
                    : "no rep: marketing nurture"));
            return Build(disqualify ? LeadStage.Disqualified : LeadStage.Nurture, null, DistributionMethod.None, sla: false);
        }

        /// <summary>
        /// Routing by segment: the segment team's pool for the lead first, then the chain's team backup pool if the chain
        /// has it. The chain's other steps need an owner (owner's backup) or are this first choice (segment pool).
        /// </summary>
        private RoutingDecision Distribute(TeamInfo team)
        {
            // A segment pick claims only a company no account knows yet: an account on record (by its domain, an alias, a
            // parent domain or its name) keeps what the CRM says — its owner, or none — and is never duplicated under the
            // lead's own domain (the store adds a claim only where no account exists).
            List<(string, Candidates)> steps = [("Distribution", new SegmentPool(team, Claim: _account is null))];
            if (_policy.Fallback.Contains(FallbackStep.TeamBackupPool))
            {
                steps.Add(("Fallback", new BackupPool(team)));
            }

            return Walk(steps, team);
        }

        /// <summary>The configured fallback chain after <paramref name="owner"/> (an account owner, or the rep who let the acceptance window lapse).</summary>
        private List<(string, Candidates)> ChainAfter(RepInfo owner)
        {
            var steps = new List<(string, Candidates)>(_policy.Fallback.Count);
            foreach (var step in _policy.Fallback)
            {
                steps.Add(("Fallback", step switch
                {
                    FallbackStep.OwnerBackup => new BackupRep(owner.Rep.Backup is { } id ? engine.Organisation.FindRep(id) : null, owner),
                    FallbackStep.SegmentPool => new SegmentPool(_team, Claim: false),
                    _ => new BackupPool(owner.Team),
                }));
            }

            return steps;
        }

        /// <summary>
        /// Tries each step in order and ends in Unassigned when none can take the lead. Immediate actions prefer reps in
        /// working hours: the pools are first tried with the reps in hours only; when that finds nobody, every pool that
        /// passed someone over only for the hour is tried again in the same order, and the rep it picks gets clocks that
        /// run in their team's business time (they start when the team opens). Unassigned thus means "nobody eligible has
        /// capacity", never "nobody is at their desk right now" (DESIGN.md §7). A single rep — the owner's backup — is
        /// never passed over for the hour, like the owner: they are the account's own people.
        /// </summary>
        private RoutingDecision Walk(IReadOnlyList<(string Name, Candidates Step)> steps, TeamInfo? unassignedTeam)
        {
            var hours = _row.Immediate ? PoolHours.InHours : PoolHours.Ignored;
            List<int>? closedOnly = null;
            for (var i = 0; i < steps.Count; i++)
            {
                var (name, step) = steps[i];
                var outsideHours = false;
                if (Try(name, step, hours, ref outsideHours) is { } decision)
                {
                    return decision;
                }

                if (outsideHours)
                {
                    (closedOnly ??= []).Add(i);
                }
            }

            foreach (var i in closedOnly ?? [])
            {
                var (name, step) = steps[i];
                var ignored = false;
                if (Try(name, step, PoolHours.Regardless, ref ignored) is { } decision)
                {
                    return decision;
                }
            }

            return Unassigned(
                steps.Count == 0 ? "the fallback chain has no steps" : "nobody eligible has capacity: " + string.Join(" → ", steps.Select(s => Describe(s.Step))),
                unassignedTeam);
        }

        private RoutingDecision? Try(string name, Candidates step, PoolHours hours, ref bool outsideHours) => step switch
        {
            BackupRep backup => TryBackupRep(name, backup),
            SegmentPool segment => TrySegmentPool(name, segment, hours, ref outsideHours),
            BackupPool pool => TryBackupPool(name, pool.Team, hours, ref outsideHours),
            _ => throw new InvalidOperationException($"Unknown chain step {step}."),
        };

        private static string Describe(Candidates step) => step switch
        {
            BackupRep { Of: var of } => $"{of.Rep.Name}'s backup",
            SegmentPool { Team: { } team } => $"{team.Team.Name} pool",
            SegmentPool => "segment pool (no segment matched)",
            BackupPool pool => pool.Team.BackupPool.Description,
            _ => step.ToString(),
        };

        private RoutingDecision? TryBackupRep(string name, BackupRep step)
        {
            var of = step.Of.Rep.Name;
            if (step.Rep is not { } backup)
            {
                _trace?.Add(new TraceStep(name, $"{of}'s backup", $"{of} has no backup"));
                return null;
            }

            if (Exclusion(backup) is { } reason)
            {
                _trace?.Add(new TraceStep(name, $"{of}'s backup {backup.Rep.Name}", "cannot take it", [new ExcludedCandidate(backup.Id, backup.Rep.Name, $"{reason} (backup of {of})")]));
                return null;
            }

            _trace?.Add(new TraceStep(name, $"{of}'s backup {backup.Rep.Name}", $"{backup.Rep.Name} takes it"));
            return Assigned(backup, DistributionMethod.RepBackup);
        }

        /// <summary>
        /// The segment team's pool for this lead: for the SDR actions the SDR pool (round-robin), for every other lead the
        /// pool of its deal tier — the tier's levels, then its fallback levels (Small: Junior AE, then SDR) — picked by the
        /// tier's distribution. Leads the matrix sends to nurture reach a rep only through an owner, whose peers at the
        /// deal's level are the tier pool.
        /// </summary>
        private RoutingDecision? TrySegmentPool(string name, SegmentPool step, PoolHours hours, ref bool outsideHours)
        {
            if (step.Team is not { } team)
            {
                _trace?.Add(new TraceStep(name, "segment pool", "no segment matches the lead"));
                return null;
            }

            var sdr = _row.Action is TreatmentAction.SdrQualify or TreatmentAction.SdrFastTrack;
            var (primary, fallback) = sdr ? (team.SdrPool, null) : team.TierPools[_tier.Index];
            var distribution = sdr ? PoolDistribution.WeightedRoundRobin : _tier.Tier.Distribution;
            foreach (var pool in fallback is null ? [primary] : new[] { primary, fallback })
            {
                var excluded = _trace is null ? null : new List<ExcludedCandidate>();
                var eligible = Eligible(pool, excluded, hours == PoolHours.InHours, ref outsideHours);
                if (eligible.Count == 0)
                {
                    _trace?.Add(TraceStep.Of(
                        name,
                        (Texts: engine._texts, pool, distribution, hours, Next: pool == primary && fallback is not null),
                        static f => f.Texts.PoolInput(f.pool, f.distribution, f.hours),
                        static f => f.Next ? "nobody qualifies; trying the fallback level" : "nobody qualifies",
                        excluded));
                    continue;
                }

                return distribution == PoolDistribution.LeastLoaded
                    ? LeastLoaded(name, pool, eligible, excluded, hours)
                    : RoundRobin(name, pool, eligible, excluded, hours, claimAccount: distribution == PoolDistribution.NamedAccount && step.Claim);
            }

            return null;
        }

        private RoutingDecision RoundRobin(string name, RepPool pool, List<RepInfo> eligible, List<ExcludedCandidate>? excluded, PoolHours hours, bool claimAccount)
        {
            var pick = WeightedRoundRobin.Pick(pool.Key, eligible, state, pool.Reps);
            var rep = engine.Organisation.FindRep(pick.RepId)!;
            _roundRobin = pick;
            if (claimAccount && lead.CompanyDomain is { } domain)
            {
                _claim = new AccountClaim(domain, lead.Company, rep.Id);
            }

            _trace?.Add(TraceStep.Of(
                name,
                (Texts: engine._texts, pool, rep, eligible.Count, Claim: _claim?.Domain, hours),
                static f => f.Texts.PoolInput(f.pool, PoolDistribution.WeightedRoundRobin, f.hours),
                static f => $"{f.rep.Rep.Name} (weighted round-robin, weight {f.rep.Rep.Weight}, {f.Count} eligible)"
                    + (f.Claim is null ? "" : $"; becomes the owner of account {f.Claim}"),
                excluded));
            return Assigned(rep, claimAccount ? DistributionMethod.NamedAccount : DistributionMethod.WeightedRoundRobin);
        }

        private RoutingDecision LeastLoaded(string name, RepPool pool, List<RepInfo> eligible, List<ExcludedCandidate>? excluded, PoolHours hours)
        {
            var (best, bestLoad) = RepEligibility.LeastLoaded(eligible, state);
            _trace?.Add(TraceStep.Of(
                name,
                (Texts: engine._texts, pool, best, bestLoad, eligible.Count, hours),
                static f => f.Texts.PoolInput(f.pool, PoolDistribution.LeastLoaded, f.hours),
                static f => $"{f.best.Rep.Name} ({f.bestLoad}/{f.best.Rep.Capacity} open leads, the fewest of {f.Count} eligible)",
                excluded));
            return Assigned(best, DistributionMethod.LeastLoaded);
        }

        private RoutingDecision? TryBackupPool(string name, TeamInfo team, PoolHours hours, ref bool outsideHours)
        {
            var pool = team.BackupPool;
            var excluded = _trace is null ? null : new List<ExcludedCandidate>();
            var eligible = Eligible(pool, excluded, hours == PoolHours.InHours, ref outsideHours);
            if (eligible.Count == 0)
            {
                _trace?.Add(TraceStep.Of(name, (Texts: engine._texts, pool, hours), static f => f.Texts.PoolInput(f.pool, PoolDistribution.WeightedRoundRobin, f.hours), static _ => "nobody qualifies", excluded));
                return null;
            }

            var pick = WeightedRoundRobin.Pick(pool.Key, eligible, state, pool.Reps);
            var rep = engine.Organisation.FindRep(pick.RepId)!;
            _roundRobin = pick;
            _trace?.Add(TraceStep.Of(name, (Texts: engine._texts, pool, rep, hours), static f => f.Texts.PoolInput(f.pool, PoolDistribution.WeightedRoundRobin, f.hours), static f => $"{f.rep.Rep.Name} (round-robin)", excluded));
            return Assigned(rep, DistributionMethod.BackupPool);
        }

        private RoutingDecision Unassigned(string why, TeamInfo? team)
        {
            var manager = team?.Manager ?? (null, null);
            _notices.Add(new ManagerNotice("Unassigned", manager.Name, manager.Email, team?.Team.Id));
            _trace?.Add(new TraceStep(
                "Fallback",
                why,
                $"Unassigned queue; {(manager.Name is null ? "no manager configured" : $"manager {manager.Name} notified")}"));
            return Build(LeadStage.Unassigned, null, DistributionMethod.None, sla: true);
        }

        private RoutingDecision Assigned(RepInfo rep, DistributionMethod method) =>
            Build(LeadStage.Assigned, rep, method, sla: true);

        /// <summary>The reps of <paramref name="pool"/> who can take the lead; <paramref name="outsideHours"/> turns true when someone was passed over only for the hour.</summary>
        private List<RepInfo> Eligible(RepPool pool, List<ExcludedCandidate>? excluded, bool checkHours, ref bool outsideHours)
        {
            var eligible = new List<RepInfo>(pool.Reps.Count);
            foreach (var rep in pool.Reps)
            {
                // Caps hold for pools only: an account's owner and their backup are its own people (DESIGN.md §2.2).
                var reason = Exclusion(rep) ?? RepEligibility.CapExclusion(rep, state, now);
                if (reason is null && checkHours && RepEligibility.OutsideHours(rep, now) is { } closed)
                {
                    reason = closed;
                    outsideHours = true;
                }

                if (reason is not null)
                {
                    excluded?.Add(new ExcludedCandidate(rep.Id, rep.Rep.Name, reason));
                }
                else
                {
                    eligible.Add(rep);
                }
            }

            return eligible;
        }

        /// <summary>Why <paramref name="rep"/> cannot take the lead at all; working hours are a preference the pools apply themselves.</summary>
        private string? Exclusion(RepInfo rep) =>
            RepEligibility.Exclusion(rep, state.GetRepStatus(rep.Id), now, checkHours: false, options.ExcludedReps);

        private RoutingDecision Build(LeadStage status, RepInfo? owner, DistributionMethod method, bool sla)
        {
            SlaClocks? clocks = null;
            if (sla)
            {
                var calendar = owner?.Team.Calendar ?? _team?.Calendar ?? engine.Organisation.DefaultCalendar;
                clocks = ComputeClocks(calendar, owner is not null);
                var start = new ClockStart(
                    engine._slaByName[clocks.Policy].Clock == SlaClockMode.BusinessHours,
                    lead.ReceivedAt,
                    owner is null ? null : now);
                _trace?.Add(TraceStep.Of(
                    "SLA",
                    (clocks, calendar, CappedFrom: _slaCappedFrom, _row.Action, start),
                    static f => f.CappedFrom is null
                        ? string.Concat("policy ", f.clocks.Policy, f.calendar.TraceLabel)
                        : $"policy {f.clocks.Policy} (capped from {f.CappedFrom} for {f.Action}){f.calendar.TraceLabel}",
                    static f => SlaOutcome(f.clocks, f.calendar, f.start)));
            }

            var team = owner?.Team ?? _team;
            return new RoutingDecision
            {
                Status = status,
                Intent = _intent.Intent,
                FitScore = _fit.Score,
                Fit = _fit.Fit,
                Action = _row.Action,
                Tier = (_tier ?? engine._tiers.Classify(lead)).Tier.Tier,
                SegmentId = _segment?.Id,
                Segment = _segment?.Name,
                TeamId = team?.Team.Id,
                Team = team?.Team.Name,
                OwnerId = owner?.Id,
                OwnerName = owner?.Rep.Name,
                Distribution = method,
                SlaPolicy = clocks?.Policy,
                RespondBy = clocks?.RespondBy,
                EscalateAt = clocks?.EscalateAt,
                QueuePriority = _row.QueuePriority,
                Trace = (IReadOnlyList<TraceStep>?)_trace ?? [],
                DuplicateOf = _duplicateOf,
                PossibleDuplicateOf = _possibleDuplicateOf,
                AccountDomain = _match?.Account.Domain,
                Rerouted = _rerouted,
                RoundRobin = _roundRobin,
                AccountClaim = _claim,
                Enrichment = _enrichment,
                Notices = _notices,
            };
        }

        private SlaClocks ComputeClocks(BusinessCalendar calendar, bool assigned)
        {
            var policy = engine.SlaPolicyFor(lead.Source);
            var assignedAt = assigned ? now : (DateTimeOffset?)null;
            var clocks = SlaCalculator.Compute(policy, calendar, lead.ReceivedAt, assignedAt);
            if (_row.SlaCap is { } capName && engine._slaByName.TryGetValue(capName, out var cap) && cap != policy)
            {
                var capped = SlaCalculator.Compute(cap, calendar, lead.ReceivedAt, assignedAt);
                if (capped.RespondBy < clocks.RespondBy)
                {
                    _slaCappedFrom = policy.Name;
                    return capped;
                }
            }

            return clocks;
        }

        private static string SlaOutcome(SlaClocks clocks, BusinessCalendar calendar, ClockStart start)
        {
            var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
            text.AppendLiteral("respond by ");
            TraceTexts.AppendInstant(ref text, clocks.RespondBy, calendar);
            if (clocks.EscalateAt is { } at)
            {
                text.AppendLiteral(", escalate at ");
                TraceTexts.AppendInstant(ref text, at, calendar);
                text.AppendLiteral(" if not accepted");
            }
            else
            {
                text.AppendLiteral(", no escalation clock without an owner");
            }

            text.AppendLiteral(start.Describe(calendar));
            return text.ToStringAndClear();
        }

        /// <summary>
        /// When the clocks start: a business-hours clock of a lead received (or assigned) while the team is closed starts
        /// when it opens — said in the trace, because "respond by Monday 09:15" for a lead of Sunday afternoon reads like
        /// a mistake otherwise.
        /// </summary>
        private sealed record ClockStart(bool BusinessHours, DateTimeOffset ReceivedAt, DateTimeOffset? AssignedAt)
        {
            public string Describe(BusinessCalendar calendar)
            {
                if (!BusinessHours)
                {
                    return "";
                }

                DateTimeOffset? response = calendar.IsOpen(ReceivedAt) ? null : calendar.NextOpen(ReceivedAt);
                DateTimeOffset? window = AssignedAt is { } at && !calendar.IsOpen(at) ? calendar.NextOpen(at) : null;
                var opens = $"when {calendar.Definition.Name} opens";
                return (response, window) switch
                {
                    ({ } r, { } w) when r == w => $"; outside business hours: the clocks start {Format(r, calendar)}, {opens}",
                    ({ } r, { } w) => $"; outside business hours: the response clock starts {Format(r, calendar)}, the acceptance window {Format(w, calendar)}",
                    ({ } r, null) => $"; received outside business hours: the response clock starts {Format(r, calendar)}, {opens}",
                    (null, { } w) => $"; assigned outside business hours: the acceptance window starts {Format(w, calendar)}, {opens}",
                    _ => "",
                };
            }
        }

        /// <summary>A place the fallback chain looks for a rep.</summary>
        private abstract record Candidates;

        /// <summary>The backup rep of <see cref="Of"/>; null when none is set (or it is no longer in the organisation).</summary>
        private sealed record BackupRep(RepInfo? Rep, RepInfo Of) : Candidates;

        /// <summary>The segment team's pool for the lead; <see cref="Claim"/>: an Enterprise pick becomes the account owner.</summary>
        private sealed record SegmentPool(TeamInfo? Team, bool Claim) : Candidates;

        private sealed record BackupPool(TeamInfo Team) : Candidates;

        private static string Format(DateTimeOffset instant, BusinessCalendar calendar) => TraceTexts.Instant(instant, calendar);
    }
}

/// <summary>What <see cref="RoutingEngine.Classify"/> files a lead under: everything of a decision but its owner and clocks.</summary>
public sealed record LeadClassification(Intent Intent, int FitScore, Fit Fit, TreatmentAction Action, DealTier Tier, SegmentId? SegmentId, TeamId? TeamId);
