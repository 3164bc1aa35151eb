using LeadRouting.Core.Replay;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;

namespace LeadRouting.Web.Replay;

/// <summary>
/// What-if replay for Ops (<c>/settings/replay</c>): the stored leads of the last N days, routed through the draft and
/// through the published version side by side (<see cref="ReplayEngine"/>). Only Ops may run it (checked here, on the
/// server). The whole run — reading the leads and routing them twice — happens on the thread pool, never on the
/// caller's (request or circuit) thread.
/// </summary>
/// <remarks>
/// The start state is today's: rep availability from the live rep states and every account owner as stored now
/// (strategic ownership is never overridden by rules, so a new version would meet exactly these owners). Load carried
/// into the window: leads received in the <see cref="ReplayOptions.LoadDays"/> before it, with an owner, that were
/// still open at its start; each counts until its outcome or <see cref="ReplayOptions.LoadDays"/> after it arrived.
/// Accounts are matched by name, alias and parent domain against the live account index, the one live routing uses;
/// the daily and hourly caps count the assignments of the two days before the window too; each pool's make-up policy
/// is today's.
/// </remarks>
public sealed class ReplayService(
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    ConfigurationStore configurations,
    ConfigurationDrafts drafts,
    AccountMatcherIndex accountIndex,
    TimeProvider time)
{
    /// <summary>The windows the page offers.</summary>
    public static readonly IReadOnlyList<int> WindowChoices = [7, 30, 90];

    public const int MaxDays = 365;

    public async Task<ReplayRun> RunAsync(SignedInUser? user, int days, IProgress<ReplayStatus>? progress, CancellationToken cancellationToken)
    {
        if (user?.Roles.Contains(LeadRoutingRoles.Ops) != true)
        {
            return new ReplayRun(ReplayRunOutcome.Forbidden, null, null, null, ["Only Ops may run a what-if replay."]);
        }

        if (days is < 1 or > MaxDays)
        {
            return new ReplayRun(ReplayRunOutcome.Invalid, null, null, null, [$"The window must be 1 to {MaxDays} days."]);
        }

        return await Task.Run(() => RunOffThreadAsync(days, progress, cancellationToken), cancellationToken);
    }

    private async Task<ReplayRun> RunOffThreadAsync(int days, IProgress<ReplayStatus>? progress, CancellationToken cancellationToken)
    {
        var document = await drafts.LoadAsync(cancellationToken);
        var published = await configurations.CurrentAsync(cancellationToken);
        if (!document.IsDraft)
        {
            return new ReplayRun(ReplayRunOutcome.NoDraft, null, published.Version, null, ["There is no draft: replay compares a draft with the live version. Change something in the settings first."]);
        }

        var to = time.GetUtcNow();
        var options = new ReplayOptions { From = to.AddDays(-days), To = to };
        progress?.Report(new ReplayStatus(ReplayPhase.Loading, 0, 0));
        // The window's leads and the start state are independent reads: both at once (issue 21).
        var historyRead = Task.Run(() => LoadHistoryAsync(options.From, options.To, progress, cancellationToken), cancellationToken);
        var startRead = LoadStartStateAsync(options, cancellationToken);
        await Task.WhenAll(historyRead, startRead);
        var history = await historyRead;
        var start = await startRead;
        var routing = progress is null ? null : new RoutingProgress(progress);
        var result = ReplayEngine.Compare(history, published.Engine.Configuration, document.Configuration, start, options, routing, cancellationToken);
        progress?.Report(new ReplayStatus(ReplayPhase.Done, result.LeadsReplayed * 2, result.LeadsReplayed * 2));
        return new ReplayRun(ReplayRunOutcome.Done, result, published.Version, document.Draft, []);
    }

    /// <summary>
    /// The leads received in [<paramref name="from"/>, <paramref name="to"/>] as they were submitted, in receive order:
    /// two queries (the window's signals, then its leads), never one per lead. The two run at the same time on two
    /// connections and are read synchronously (issue 21): this runs off the caller's thread already, and the async
    /// enumeration cost more per row than the SQL itself. Only the columns a submission needs are read, untracked.
    /// </summary>
    public async Task<List<ReplayLead>> LoadHistoryAsync(DateTimeOffset from, DateTimeOffset to, IProgress<ReplayStatus>? progress, CancellationToken cancellationToken)
    {
        var signalsRead = Task.Run(() => ReadSignals(from, to, cancellationToken), cancellationToken);
        var leadsRead = Task.Run(() => ReadLeads(from, to, cancellationToken), cancellationToken);
        await Task.WhenAll(signalsRead, leadsRead);
        var signals = await signalsRead;
        var rows = await leadsRead;
        var history = new List<ReplayLead>(rows.Count);
        foreach (var l in rows)
        {
            history.Add(new ReplayLead
            {
                Id = new LeadId(l.Id),
                ClosedAt = l.ClosedAt,
                Submission = new LeadSubmission
                {
                    ExternalId = l.ExternalId,
                    Email = l.Email,
                    FirstName = l.FirstName,
                    LastName = l.LastName,
                    Title = l.Title,
                    Company = l.Company,
                    CompanyDomain = SubmittedDomain(l.Email, l.CompanyDomain),
                    Employees = l.Employees,
                    Industry = l.Industry,
                    Country = l.Country,
                    TechStack = l.TechStack,
                    Source = l.Source,
                    Signals = SubmittedSignals(signals.GetValueOrDefault(l.Id), l.Source, l.ReceivedAt),
                    EstimatedDealSize = l.EstimatedDealSize,
                    Referral = l.Referral,
                    ReceivedAt = l.ReceivedAt,
                },
            });
            if (history.Count % 10_000 == 0)
            {
                progress?.Report(new ReplayStatus(ReplayPhase.Loading, history.Count, 0));
            }
        }

        return history;
    }

    /// <summary>The signals of the window's leads by lead id, each lead's in (time, id) order.</summary>
    private Dictionary<string, List<Signal>> ReadSignals(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        using var db = dbFactory.CreateDbContext();
        var window = db.Leads.AsNoTracking().Where(l => l.ReceivedAt >= from && l.ReceivedAt <= to);
        var signals = new Dictionary<string, List<Signal>>(StringComparer.Ordinal);
        var rows = db.Signals.AsNoTracking()
            .Where(s => window.Any(l => l.Id == s.LeadId))
            .OrderBy(s => s.LeadId).ThenBy(s => s.At).ThenBy(s => s.Id)
            .Select(s => new { s.LeadId, s.Type, s.At });
        var read = 0;
        List<Signal>? list = null;
        string? listOf = null;
        foreach (var row in rows)
        {
            if (++read % 8_192 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // Rows come grouped by lead: look the list up only when the lead changes.
            if (!string.Equals(listOf, row.LeadId, StringComparison.Ordinal))
            {
                if (!signals.TryGetValue(row.LeadId, out list))
                {
                    list = [];
                    signals[row.LeadId] = list;
                }

                listOf = row.LeadId;
            }

            list!.Add(new Signal(row.Type, row.At));
        }

        return signals;
    }

    private List<LeadRow> ReadLeads(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        using var db = dbFactory.CreateDbContext();
        var rows = db.Leads.AsNoTracking()
            .Where(l => l.ReceivedAt >= from && l.ReceivedAt <= to)
            .OrderBy(l => l.ReceivedAt).ThenBy(l => l.Id)
            .Select(l => new LeadRow(
                l.Id, l.ExternalId, l.Email, l.FirstName, l.LastName, l.Title, l.Company, l.CompanyDomain, l.Employees, l.Industry,
                l.Country, l.TechStack, l.Source, l.EstimatedDealSize, l.Referral, l.ReceivedAt, l.ClosedAt));
        var result = new List<LeadRow>();
        foreach (var row in rows)
        {
            if (result.Count % 8_192 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            result.Add(row);
        }

        return result;
    }

    /// <summary>The columns of a stored lead a replayed submission is rebuilt from.</summary>
    private sealed record LeadRow(
        string Id,
        string? ExternalId,
        string Email,
        string? FirstName,
        string? LastName,
        string? Title,
        string? Company,
        string? CompanyDomain,
        int? Employees,
        string? Industry,
        string? Country,
        List<string> TechStack,
        SignalType Source,
        decimal? EstimatedDealSize,
        Referral Referral,
        DateTimeOffset ReceivedAt,
        DateTimeOffset? ClosedAt);

    /// <summary>
    /// A domain the stored lead got from its email is left out, so each configuration derives it with its own free-mail
    /// list, as it would have at intake.
    /// </summary>
    private static string? SubmittedDomain(string email, string? stored) =>
        stored is not null && email.EndsWith("@" + stored, StringComparison.OrdinalIgnoreCase) ? null : stored;

    /// <summary>
    /// The signals the submission carried: the stored ones up to its arrival, less the source signal intake added at
    /// receipt (the normaliser adds it again). Signals that arrived later (the signals API, merged duplicates) are left out.
    /// </summary>
    private static IReadOnlyList<Signal> SubmittedSignals(List<Signal>? stored, SignalType source, DateTimeOffset receivedAt)
    {
        if (stored is null)
        {
            return [];
        }

        var result = new List<Signal>(stored.Count);
        var sourceRemoved = false;
        foreach (var signal in stored)
        {
            if (signal.At > receivedAt)
            {
                continue;
            }

            if (!sourceRemoved && signal.Type == source && signal.At == receivedAt)
            {
                sourceRemoved = true;
                continue;
            }

            result.Add(signal);
        }

        return result;
    }

    private async Task<ReplayStartState> LoadStartStateAsync(ReplayOptions options, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var reps = await db.RepStates.AsNoTracking()
            .OrderBy(r => r.RepId)
            .Select(r => new RepAvailability(new RepId(r.RepId), r.Availability, r.OutOfOfficeUntil))
            .ToListAsync(cancellationToken);
        var accounts = await db.Accounts.AsNoTracking()
            .OrderBy(a => a.Domain)
            .Select(AccountEntity.AsRecord)
            .ToListAsync(cancellationToken);

        var loadSpan = TimeSpan.FromDays(options.LoadDays);
        var carriedFrom = options.From - loadSpan;
        var open = await db.Leads.AsNoTracking()
            .Where(l => l.OwnerId != null && l.ReceivedAt >= carriedFrom && l.ReceivedAt < options.From && (l.ClosedAt == null || l.ClosedAt > options.From))
            .OrderBy(l => l.ReceivedAt).ThenBy(l => l.Id)
            .Select(l => new { l.OwnerId, l.ReceivedAt, l.ClosedAt })
            .ToListAsync(cancellationToken);
        var carried = new List<CarriedLoad>(open.Count);
        foreach (var lead in open)
        {
            var release = lead.ReceivedAt + loadSpan;
            if (lead.ClosedAt is { } closed && closed < release)
            {
                release = closed;
            }

            if (release > options.From)
            {
                carried.Add(new CarriedLoad(new RepId(lead.OwnerId!), release));
            }
        }

        // Two days: a rep's local day starts at most 14 hours away from UTC's, and a DST day lasts 25 hours.
        var capsFrom = options.From.AddDays(-2);
        var decisions = await db.Decisions.AsNoTracking()
            .Where(d => d.OwnerId != null && d.DecidedAt >= capsFrom && d.DecidedAt < options.From)
            .Select(d => new { d.LeadId, d.OwnerId, d.DecidedAt })
            .ToListAsync(cancellationToken);

        // Like the live count: a lead counts once per rep, at its latest decision for them.
        var assignments = decisions
            .GroupBy(d => (d.LeadId, d.OwnerId))
            .Select(g => new CarriedAssignment(new RepId(g.Key.OwnerId!), g.Max(d => d.DecidedAt)))
            .OrderBy(a => a.At);
        var makeUp = await db.PoolSettings.AsNoTracking()
            .Select(p => new { p.PoolKey, p.MakeUp })
            .ToDictionaryAsync(p => p.PoolKey, p => p.MakeUp, StringComparer.Ordinal, cancellationToken);

        return new ReplayStartState
        {
            Reps = reps,
            Accounts = accounts,
            AccountMatcher = accountIndex.Current(),
            CarriedLoads = carried,
            CarriedAssignments = [.. assignments],
            MakeUp = makeUp,
        };
    }
}

/// <summary>Passes the engine's progress straight on (a <see cref="Progress{T}"/> would post it to the thread pool, out of order).</summary>
internal sealed class RoutingProgress(IProgress<ReplayStatus> target) : IProgress<ReplayProgress>
{
    public void Report(ReplayProgress value) => target.Report(new ReplayStatus(ReplayPhase.Routing, value.Routed, value.Total));
}

public enum ReplayRunOutcome
{
    Done,
    NoDraft,
    Forbidden,
    Invalid,
}

/// <summary>A finished replay, or why there is none.</summary>
/// <param name="Outcome">Done, or why nothing was replayed.</param>
/// <param name="Result">What the draft would have changed; null unless <see cref="ReplayRunOutcome.Done"/>.</param>
/// <param name="PublishedVersion">The live version the draft was compared with.</param>
/// <param name="Draft">Who saved the draft that was replayed, and when.</param>
/// <param name="Messages">Why the replay was refused, one sentence each; empty when it ran.</param>
public sealed record ReplayRun(ReplayRunOutcome Outcome, ReplayResult? Result, int? PublishedVersion, DraftStamp? Draft, IReadOnlyList<string> Messages);

public enum ReplayPhase
{
    Loading,
    Routing,
    Done,
}

/// <summary>How far a run is: leads loaded so far (<see cref="Total"/> unknown, 0), or leads routed of both configurations.</summary>
public sealed record ReplayStatus(ReplayPhase Phase, int Done, int Total);
