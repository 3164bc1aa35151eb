using LeadRouting.Web.Jobs;
using LeadRouting.Web.Live;
using LeadRouting.Web.Telemetry;

namespace LeadRouting.Web.Leads;

/// <summary>
/// Acts on every lead whose escalation clock ran out (DESIGN.md "SLA clocks and escalation"): not accepted in the window
/// → the owner's backup, else the team's backup pool, with a fresh window, and after
/// <see cref="Core.Routing.RoutingEngine.MaxReassignments"/> reassignments the Unassigned queue; accepted but not touched →
/// the manager is told and the breach recorded.
/// </summary>
/// <remarks>
/// Due leads are found through the index on <c>EscalateAt</c>, so a sweep with nothing due costs one index probe. Each
/// lead is then handled on the <see cref="LeadWriter"/>, which re-reads it and decides again
/// (<see cref="EscalationRules.Decide"/>) before writing, and writes by a conditional update on the lead's version:
/// a sweep that runs twice, or twice at once, or on two instances, acts on a lead once — the second finds its clock
/// moved and does nothing.
/// </remarks>
public sealed class EscalationSweep(IDbContextFactory<LeadRoutingDbContext> dbFactory, LeadWriter writer, Routing.AccountMatcherIndex? accounts = null) : IEscalationSweep
{
    /// <summary>The most leads one sweep takes; a sweep that hit it says <see cref="EscalationSweepResult.MoreDue"/>.</summary>
    public const int MaxPerSweep = 5_000;

    public async Task<EscalationSweepResult> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<string> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = await db.Leads.AsNoTracking()
                .Where(l => l.EscalateAt != null && l.EscalateAt <= now)
                .OrderBy(l => l.EscalateAt)
                .Select(l => l.Id)
                .Take(MaxPerSweep)
                .ToListAsync(ct);
        }

        var outcomes = await Task.WhenAll(due.Select(id => writer.WriteAsync(session => Escalate(session, id, now), ct)));
        var result = new EscalationSweepResult
        {
            Reassigned = outcomes.Count(o => o == Outcome.Reassigned),
            Unassigned = outcomes.Count(o => o == Outcome.Unassigned),
            Escalated = outcomes.Count(o => o == Outcome.Escalated),
            MoreDue = due.Count == MaxPerSweep,
        };
        LeadRoutingMetrics.CountEscalations("reassigned", result.Reassigned);
        LeadRoutingMetrics.CountEscalations("unassigned", result.Unassigned);
        LeadRoutingMetrics.CountEscalations("escalated", result.Escalated);
        // An escalation to the manager records the breach: accepted, and not touched by the trigger.
        LeadRoutingMetrics.CountSla(ResponseStatus.Missed, result.Escalated);
        return result;
    }

    private enum Outcome
    {
        Skipped,
        Reassigned,
        Unassigned,
        Escalated,
    }

    private Outcome Escalate(WriteSession session, string leadId, DateTimeOffset now)
    {
        if (session.FindLead(leadId) is not { } lead)
        {
            return Outcome.Skipped;
        }

        switch (EscalationRules.Decide(lead.Stage, lead.EscalateAt, lead.FirstTouchAt, now))
        {
            case EscalationAction.Reassign:
                return Reassign(session, lead, now);
            case EscalationAction.Escalate:
                return EscalateToManager(session, lead, now);
        }

        if (lead.EscalateAt <= now)
        {
            // Due, yet nothing to do (touched, or in a stage without an acceptance window): the clock has nothing left
            // to trigger, so it is stopped rather than found by every sweep from now on.
            lead.EscalateAt = null;
            lead.UpdatedAt = now;
            session.UpdateLead(lead);
        }

        return Outcome.Skipped;
    }

    private Outcome Reassign(WriteSession session, LeadEntity lead, DateTimeOffset now)
    {
        var owner = lead.OwnerId!;
        lead.PassedOnBy = [.. lead.PassedOnBy.Append(owner).Distinct(StringComparer.Ordinal)];
        var engine = session.Published.Engine;
        var routed = LeadRecorder.ToLead(lead, session.SignalsOf(lead.Id));
        var state = new SqlRoutingState(session, routed, now.AddDays(-engine.Configuration.Policy.Dedup.SameEmailWindowDays), accounts);
        var decision = engine.Reassign(routed, new RepId(owner), lead.Reassignments, state, now, new Core.Routing.RouteOptions
        {
            Self = new LeadId(lead.Id),
            ExcludedReps = lead.PassedOnBy.Select(r => new RepId(r)).ToHashSet(),
        });

        decision = LeadRecorder.ApplyRouting(session, lead, decision, now);
        if (decision.OwnerId is not null)
        {
            lead.Reassignments++;
        }

        lead.UpdatedAt = now;
        session.UpdateLead(lead);
        session.InsertDecision(LeadRecorder.ToEntity(lead.Id, decision, session.Published.Version, LeadEventKind.Reassigned, now));
        LeadRecorder.WriteEvents(session, lead, decision, LeadEventKind.Reassigned, "system", now, previousOwner: owner, reason: "acceptance window lapsed");
        return decision.OwnerId is null ? Outcome.Unassigned : Outcome.Reassigned;
    }

    private static Outcome EscalateToManager(WriteSession session, LeadEntity lead, DateTimeOffset now)
    {
        var team = lead.TeamId is { } teamId ? session.Published.Engine.Organisation.FindTeam(new TeamId(teamId)) : null;
        var manager = team?.Manager ?? (null, null);
        lead.EscalatedAt = now;
        lead.ResponseStatus = ResponseStatus.Missed;
        lead.EscalateAt = null;
        lead.UpdatedAt = now;
        session.UpdateLead(lead);
        var detail = $"accepted but not touched by the trigger; breach recorded; {(manager.Name is null ? "no manager configured" : $"manager {manager.Name} notified")}";
        session.InsertAuditEvent(new AuditEventEntity { LeadId = lead.Id, At = now, Actor = "system", Type = nameof(LeadEventKind.Escalated), Detail = detail });
        LeadRecorder.WriteOutbox(session, LeadRecorder.EventFor(lead, LeadEventKind.Escalated, "system", now) with
        {
            Team = team?.Team.Name,
            Reason = "Accepted but not touched by the escalation trigger",
            ManagerName = manager.Name,
            ManagerEmail = manager.Email,
        });
        return Outcome.Escalated;
    }
}
