using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Leads;

/// <summary>When to nudge (section <c>Nudges</c>; issue 19 part 3).</summary>
public sealed class NudgeOptions
{
    public const string Section = "Nudges";

    /// <summary>False: no reminders are sent (the job is not scheduled).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Points of the acceptance window (assigned → escalation trigger), in whole percent (1–99); default 50 and 80.</summary>
    public int[]? AcceptancePercents { get; set; }

    /// <summary>Points of the response window (receipt or a manager's assignment → response target), in percent; default 50 and 80.</summary>
    public int[]? ResponsePercents { get; set; }

    /// <summary>How many minutes before an unanswered high-intent lead's response target its manager hears; 0 turns the heads-up off.</summary>
    public int ManagerHeadsUpMinutes { get; set; } = 5;

    public static bool IsValid(NudgeOptions options) =>
        (options.AcceptancePercents ?? []).Concat(options.ResponsePercents ?? []).All(p => p is >= 1 and <= 99)
        && options.ManagerHeadsUpMinutes is >= 0 and <= 1440;

    // Defaults here rather than in the arrays: the configuration binder would add configured values to default items.
    public NudgePolicy Policy => new()
    {
        AcceptancePercents = AcceptancePercents ?? [50, 80],
        ResponsePercents = ResponsePercents ?? [50, 80],
        ManagerHeadsUpBefore = TimeSpan.FromMinutes(Math.Max(0, ManagerHeadsUpMinutes)),
    };
}

/// <summary>
/// Reminders before a breach (issue 19 part 3): the owner hears at points of the acceptance and the response window
/// (<see cref="NudgeRules"/>), the manager when a high-intent lead nobody answered has minutes left. Each nudge is an
/// outbox message (kind <see cref="LeadEventKind.Nudge"/>), so it reaches the owner in-app, by email and on Slack like
/// any other event.
/// </summary>
/// <remarks>
/// Exactly once, as the escalation sweep: candidates are read outside the writer, then each lead is handled on the
/// <see cref="LeadWriter"/>, which reads it again, decides again, and marks each nudge in <c>LeadNudges</c> with a
/// conditional insert (<c>ON CONFLICT DO NOTHING</c>, rows affected checked) in the same transaction as its outbox
/// message. A sweep that runs twice, or twice at once, or on two instances, sends each nudge once; a crash before the
/// commit sends nothing and the next sweep sends it. Candidates are the open, unanswered leads with an owner and a
/// clock still running (a future <c>EscalateAt</c>: a range of its index) — one read per sweep plus their markers.
/// </remarks>
public sealed class NudgeSweep(
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    LeadWriter writer,
    ConfigurationStore configurations,
    IOptions<NudgeOptions> options)
{
    public const int MaxPerSweep = 5_000;

    /// <summary>Sends what is due at <paramref name="now"/>; answers how many nudges were sent.</summary>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var policy = options.Value.Policy;
        var engine = (await configurations.CurrentAsync(ct)).Engine;
        List<LeadEntity> candidates;
        HashSet<(string LeadId, string Nudge)> sent;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            candidates = await db.Leads.AsNoTracking()
                // Every lead a reminder can still help has a future EscalateAt (the acceptance window while Assigned, the
                // escalation trigger until the first touch; past it, the lead is reassigned or escalated), so a range of
                // the EscalateAt index finds them without reading the rest of the table.
                .Where(l => l.EscalateAt != null && l.EscalateAt > now
                    && l.OwnerId != null && l.FirstTouchAt == null && (l.Stage == LeadStage.Assigned || l.Stage == LeadStage.Accepted))
                .OrderBy(l => l.EscalateAt)
                .Take(MaxPerSweep)
                .ToListAsync(ct);
            var ids = candidates.Select(l => l.Id).ToList();
            sent = (await db.LeadNudges.AsNoTracking().Where(n => ids.Contains(n.LeadId)).Select(n => new { n.LeadId, n.Nudge }).ToListAsync(ct))
                .Select(n => (n.LeadId, n.Nudge)).ToHashSet();
        }

        var due = candidates
            .Where(l => Due(engine, l, policy, now).Any(n => !sent.Contains((l.Id, n.Key))))
            .Select(l => l.Id)
            .ToList();
        var counts = await Task.WhenAll(due.Select(id => writer.WriteAsync(session => Nudge(session, id, policy, now), ct)));
        return counts.Sum();
    }

    internal static IReadOnlyList<DueNudge> Due(RoutingEngine engine, LeadEntity lead, NudgePolicy policy, DateTimeOffset now)
    {
        var sla = engine.SlaPolicy(lead.SlaPolicy, lead.Source);
        var calendar = sla.Clock == SlaClockMode.BusinessHours
            ? (lead.TeamId is { } team ? engine.Organisation.FindTeam(new TeamId(team))?.Calendar : null) ?? engine.Organisation.DefaultCalendar
            : null;
        return NudgeRules.Due(new NudgeClocks
        {
            Stage = lead.Stage,
            HasOwner = lead.OwnerId is not null,
            AssignedAt = lead.AssignedAt,
            EscalateAt = lead.EscalateAt,
            ResponseFrom = lead.ResponseClockFrom ?? lead.ReceivedAt,
            RespondBy = lead.RespondBy,
            FirstTouchAt = lead.FirstTouchAt,
            HighIntent = lead.Intent == Intent.High,
        }, policy, calendar, now);
    }

    private static int Nudge(WriteSession session, string leadId, NudgePolicy policy, DateTimeOffset now)
    {
        if (session.FindLead(leadId) is not { } lead)
        {
            return 0;
        }

        var engine = session.Published.Engine;
        var sent = 0;
        foreach (var nudge in Due(engine, lead, policy, now))
        {
            if (!session.ClaimNudge(lead.Id, nudge.Key, now))
            {
                continue;
            }

            var team = lead.TeamId is { } teamId ? engine.Organisation.FindTeam(new TeamId(teamId)) : null;
            var owner = engine.Organisation.FindRep(new RepId(lead.OwnerId!));
            var deadline = nudge.Window == NudgeWindow.Acceptance ? lead.EscalateAt!.Value : lead.RespondBy!.Value;
            var manager = nudge.Window == NudgeWindow.ManagerHeadsUp ? team?.Manager ?? (null, null) : (null, null);
            LeadRecorder.WriteOutbox(session, LeadRecorder.EventFor(lead, LeadEventKind.Nudge, "system", now) with
            {
                OwnerName = owner?.Rep.Name,
                Team = team?.Team.Name,
                Nudge = new NudgeNotice(nudge.Window, nudge.Percent, deadline),
                ManagerName = manager.Name,
                ManagerEmail = manager.Email,
            });
            sent++;
        }

        return sent;
    }
}
