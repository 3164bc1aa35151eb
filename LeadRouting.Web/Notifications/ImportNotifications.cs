using System.Text.Json;
using LeadRouting.Web.Live;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Notifications;

/// <summary>The file's counts an import digest reports, whatever the recipient.</summary>
public sealed record ImportTotals(int Rows, int Created, int Merged, int Replayed, int Rejected);

/// <summary>One running import: its id (written on every event of its leads) and where the outbox stood when it began.</summary>
public sealed record ImportRun(string ImportId, long OutboxBefore, string Actor);

/// <summary>
/// No notification storm from a CSV import (issue 16): the events of an import's leads carry its id
/// (<see cref="LeadEvent.ImportId"/>), so the email channel sends none of them one by one; when the import ends, each
/// person who would have been emailed gets one <see cref="LeadEventKind.ImportDigest"/> instead — a manager the file's
/// counts, the outcomes in their teams and region and the number of leads needing their action, with a link to the
/// board's queues; a rep the list of their new leads, with links.
/// </summary>
/// <remarks>
/// The digests are built from the outbox itself (the import's own events, read back after its last row committed), so
/// they say exactly what the single emails would have said, and they are written to the outbox in one writer
/// transaction: delivered, retried and audited like every other notification, each exactly once.
/// </remarks>
public sealed class ImportNotifications(
    LeadWriter writer,
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    ConfigurationStore configurations,
    TimeProvider time,
    ILogger<ImportNotifications> logger)
{
    /// <summary>The stages a digest counts, in the order it lists them.</summary>
    public static readonly IReadOnlyList<LeadStage> Outcomes =
        [LeadStage.Assigned, LeadStage.Unassigned, LeadStage.ManualReview, LeadStage.Nurture, LeadStage.Disqualified];

    private static readonly string[] RoutingKinds =
        [nameof(LeadEventKind.Routed), nameof(LeadEventKind.Rerouted), nameof(LeadEventKind.Merged), nameof(LeadEventKind.ManagerNotice)];

    /// <summary>Starts an import: a new id, and the outbox position its events will come after.</summary>
    public async Task<ImportRun> BeginAsync(string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var before = await db.Outbox.MaxAsync(m => (long?)m.Id, cancellationToken) ?? 0;
        return new ImportRun("imp_" + Guid.CreateVersion7(time.GetUtcNow()).ToString("N"), before, actor);
    }

    /// <summary>Writes the import's digests to the outbox; answers how many. Call once, after the import's last row committed.</summary>
    public async Task<int> CompleteAsync(ImportRun run, ImportTotals totals, CancellationToken cancellationToken, bool interrupted = false)
    {
        var events = await ImportEventsAsync(run, cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }

        var organisation = (await configurations.CurrentAsync(cancellationToken)).Engine.Configuration.Organisation;
        var digests = Build(run, totals, events, organisation, interrupted, time.GetUtcNow());
        if (digests.Count == 0)
        {
            return 0;
        }

        await writer.WriteAsync(session =>
        {
            foreach (var digest in digests)
            {
                session.InsertOutbox(digest.At, digest.Kind.ToString(), JsonSerializer.Serialize(digest, LeadEventJson.Outbox));
            }

            return digests.Count;
        }, cancellationToken);
        return digests.Count;
    }

    /// <summary>
    /// After an import that stopped early: the digests of what it stored, so those leads are not left without any
    /// notification. Never throws; the import's own error is what its caller must hear.
    /// </summary>
    public async Task CompleteAfterFailureAsync(ImportRun run, ImportTotals totals)
    {
        try
        {
            await CompleteAsync(run, totals, CancellationToken.None, interrupted: true);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Import {ImportId} stopped early and its digests could not be written; its stored leads are on the board's queues.", run.ImportId);
        }
    }

    /// <summary>The import's routing events in outbox order (written after <see cref="ImportRun.OutboxBefore"/>, carrying its id).</summary>
    private async Task<List<LeadEvent>> ImportEventsAsync(ImportRun run, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Outbox.AsNoTracking()
            .Where(m => m.Id > run.OutboxBefore && RoutingKinds.Contains(m.Type) && m.Payload.Contains(run.ImportId))
            .OrderBy(m => m.Id)
            .Select(m => new { m.Type, m.Payload })
            .ToListAsync(cancellationToken);
        var events = new List<LeadEvent>(rows.Count);
        foreach (var row in rows)
        {
            if (LeadEventJson.TryReadOutbox(row.Type, row.Payload, out var leadEvent, out _) == OutboxRead.Event && leadEvent!.ImportId == run.ImportId)
            {
                events.Add(leadEvent);
            }
        }

        return events;
    }

    /// <summary>
    /// One digest per person the import's events would have emailed (<see cref="EmailChannel.Recipients"/>): managers
    /// for notices, reps for leads routed to them. A manager's outcomes count the imported leads of the teams they
    /// manage (as team manager, or as region manager of the team's region) and the leads that noticed them.
    /// </summary>
    internal static List<LeadEvent> Build(ImportRun run, ImportTotals totals, IReadOnlyList<LeadEvent> events, Organisation organisation, bool interrupted, DateTimeOffset now)
    {
        // Where each lead ended in this import: the last routing event of it wins (a row merged into an earlier row's lead).
        var final = new Dictionary<string, LeadEvent>(StringComparer.Ordinal);
        var managers = new Dictionary<string, ManagerDigest>(StringComparer.OrdinalIgnoreCase);
        var reps = new Dictionary<string, RepDigest>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in events)
        {
            if (e.Kind != LeadEventKind.ManagerNotice)
            {
                final[e.LeadId] = e;
            }

            var single = e with { ImportId = null };
            if (NotificationRules.NotifiesManager(e.Kind))
            {
                foreach (var email in EmailChannel.Recipients(organisation, single, toOwner: false, toManager: true))
                {
                    var digest = managers.TryGetValue(email, out var found) ? found : managers[email] = new ManagerDigest(email, e.ManagerName);
                    digest.Noticed.Add(e.LeadId);
                }
            }

            if (NotificationRules.NotifiesOwner(e.Kind) && e.OwnerId is not null)
            {
                foreach (var email in EmailChannel.Recipients(organisation, single, toOwner: true, toManager: false))
                {
                    var digest = reps.TryGetValue(email, out var found) ? found : reps[email] = new RepDigest(email, e.OwnerId, e.OwnerName);
                    digest.Leads[e.LeadId] = new ImportDigestLead(e.LeadId, e.Contact ?? e.LeadId, e.Company, e.RespondBy);
                }
            }
        }

        var digests = new List<LeadEvent>();
        foreach (var manager in managers.Values.OrderBy(m => m.Email, StringComparer.OrdinalIgnoreCase))
        {
            var teams = organisation.Teams
                .Where(t => string.Equals(ManagerOf(organisation, t), manager.Email, StringComparison.OrdinalIgnoreCase)
                            || string.Equals(organisation.Regions.FirstOrDefault(r => r.Code == t.Region)?.ManagerEmail, manager.Email, StringComparison.OrdinalIgnoreCase))
                .ToList();
            var teamIds = teams.Select(t => t.Id.Value).ToHashSet(StringComparer.Ordinal);
            var theirs = final.Values.Where(e => (e.TeamId is { } team && teamIds.Contains(team)) || manager.Noticed.Contains(e.LeadId)).ToList();
            var outcomes = Count(theirs);
            var stage = outcomes[nameof(LeadStage.Unassigned)] > 0 ? LeadStage.Unassigned
                : outcomes[nameof(LeadStage.ManualReview)] > 0 ? LeadStage.ManualReview
                : LeadStage.Assigned;
            digests.Add(Digest(run, now, stage) with
            {
                ManagerName = manager.Name,
                ManagerEmail = manager.Email,
                Digest = Facts(totals, ImportDigestAudience.Manager, manager.Email, manager.Name, outcomes, interrupted) with
                {
                    NeedsAction = manager.Noticed.Count,
                    Teams = [.. teams.Select(t => t.Name)],
                },
            });
        }

        foreach (var rep in reps.Values.OrderBy(r => r.Email, StringComparer.OrdinalIgnoreCase))
        {
            var leads = rep.Leads.Values.ToList();
            var outcomes = Count(leads.Select(l => final[l.LeadId]));
            digests.Add(Digest(run, now, LeadStage.Assigned) with
            {
                OwnerId = rep.RepId,
                OwnerName = rep.Name,
                Digest = Facts(totals, ImportDigestAudience.Rep, rep.Email, rep.Name, outcomes, interrupted) with
                {
                    Leads = [.. leads.Take(ImportDigest.MaxListedLeads)],
                    LeadCount = leads.Count,
                },
            });
        }

        return digests;
    }

    private static LeadEvent Digest(ImportRun run, DateTimeOffset now, LeadStage stage) => new()
    {
        Kind = LeadEventKind.ImportDigest,
        LeadId = run.ImportId,
        ImportId = run.ImportId,
        At = now,
        Actor = run.Actor,
        Status = stage,
    };

    private static ImportDigest Facts(ImportTotals totals, ImportDigestAudience audience, string recipient, string? name, Dictionary<string, int> outcomes, bool interrupted) => new()
    {
        Audience = audience,
        Recipient = recipient,
        RecipientName = name,
        Rows = totals.Rows,
        Created = totals.Created,
        Merged = totals.Merged,
        Replayed = totals.Replayed,
        Rejected = totals.Rejected,
        Outcomes = outcomes,
        Interrupted = interrupted,
    };

    private static Dictionary<string, int> Count(IEnumerable<LeadEvent> leads)
    {
        var outcomes = Outcomes.ToDictionary(s => s.ToString(), _ => 0);
        foreach (var lead in leads)
        {
            outcomes[lead.Status.ToString()] = outcomes.GetValueOrDefault(lead.Status.ToString()) + 1;
        }

        return outcomes;
    }

    private static string? ManagerOf(Organisation organisation, Team team) =>
        team.ManagerEmail ?? organisation.Regions.FirstOrDefault(r => r.Code == team.Region)?.ManagerEmail;

    private sealed record ManagerDigest(string Email, string? Name)
    {
        public HashSet<string> Noticed { get; } = new(StringComparer.Ordinal);
    }

    private sealed record RepDigest(string Email, string RepId, string? Name)
    {
        public Dictionary<string, ImportDigestLead> Leads { get; } = new(StringComparer.Ordinal);
    }
}
