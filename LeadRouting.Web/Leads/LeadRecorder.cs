using System.Text.Json;
using LeadRouting.Web.Live;

namespace LeadRouting.Web.Leads;

/// <summary>
/// Records what routing decided on a stored lead, inside a <see cref="WriteSession"/>: the lead's columns, the moves
/// of shared state (round-robin, rep loads, account claim), the next-step task, the decision with its trace, the audit
/// events and the outbox messages. Shared by ingestion, signals, decline and the escalation sweep, so every path
/// writes a routing the same way.
/// </summary>
internal static class LeadRecorder
{
    internal static Lead ToLead(LeadEntity entity, IReadOnlyList<Signal> signals) => LeadMapper.ToLead(entity, signals);

    internal static LeadEntity NewLead(Lead lead, DateTimeOffset now) =>
        LeadMapper.ToNewEntity(lead, "ld_" + Guid.CreateVersion7(now).ToString("N"), createdAt: now, updatedAt: now, version: 1);

    /// <summary>
    /// Writes the decision onto the lead and moves the shared routing state, conditionally. A change of owner moves
    /// the load from the old owner to the new one, restarts the acceptance window and replaces the next-step task.
    /// Answers the decision as applied (see <see cref="KeepResponseClock"/>).
    /// </summary>
    internal static RoutingDecision ApplyRouting(WriteSession session, LeadEntity entity, RoutingDecision decision, DateTimeOffset now)
    {
        decision = KeepResponseClock(entity, decision, session.Published.Engine);
        var previousOwner = entity.OwnerId;
        SetRouting(entity, decision, now);
        MoveState(session, entity, previousOwner, decision, now);
        return decision;
    }

    /// <summary>
    /// Routing counts the response target from receipt. Once a manager's assignment restarted the clock
    /// (<see cref="LeadEntity.ResponseClockFrom"/>), a later move — a decline, a lapsed acceptance window — keeps counting
    /// from that assignment, in the new team's calendar, so the next owner does not inherit the time the lead waited
    /// before it.
    /// </summary>
    internal static RoutingDecision KeepResponseClock(LeadEntity entity, RoutingDecision decision, RoutingEngine engine)
    {
        if (entity.ResponseClockFrom is not { } from || decision.RespondBy is null || entity.FirstTouchAt is not null)
        {
            return decision;
        }

        var calendar = decision.TeamId is { } teamId && engine.Organisation.FindTeam(teamId) is { } team ? team.Calendar : engine.Organisation.DefaultCalendar;
        var policy = engine.SlaPolicy(decision.SlaPolicy, entity.Source);
        return decision with { RespondBy = SlaCalculator.Add(policy, policy.ResponseTarget, calendar, from) };
    }

    /// <summary>The lead's columns as the decision sets them (no database access).</summary>
    internal static void SetRouting(LeadEntity entity, RoutingDecision decision, DateTimeOffset now)
    {
        entity.Stage = decision.Status;
        SetClassification(entity, new LeadClassification(decision.Intent, decision.FitScore, decision.Fit, decision.Action, decision.Tier, decision.SegmentId, decision.TeamId));
        entity.TeamId = decision.TeamId?.Value;
        entity.OwnerId = decision.OwnerId?.Value;
        entity.SlaPolicy = decision.SlaPolicy;
        entity.RespondBy = decision.RespondBy;
        entity.EscalateAt = decision.EscalateAt;
        entity.QueuePriority = decision.QueuePriority;
        entity.AssignedAt = decision.OwnerId is null ? null : now;
        entity.AcceptedAt = null;
        entity.AssignedBy = null;
        entity.AssignmentReason = null;
    }

    /// <summary>
    /// What a lead's first routing found of its person (issue 19), written with the new row and never changed: the matched
    /// account, the person key beside it (so a later lead of the same person at that account finds this one), and the open
    /// lead of the same person it was routed after.
    /// </summary>
    internal static void SetSamePerson(LeadEntity entity, RoutingDecision decision)
    {
        entity.AccountDomain = decision.AccountDomain;
        entity.PersonKey = decision.AccountDomain is null ? null : Core.Routing.Matching.PersonNames.Key(entity.FirstName, entity.LastName);
        entity.PossibleDuplicateOf = decision.PossibleDuplicateOf?.Value;
    }

    /// <summary>The lead's columns its classification sets, whether routing decided it or a history row stores it.</summary>
    internal static void SetClassification(LeadEntity entity, LeadClassification classification)
    {
        entity.Intent = classification.Intent;
        entity.Fit = classification.Fit;
        entity.FitScore = classification.FitScore;
        entity.Action = classification.Action;
        entity.Tier = classification.Tier;
        entity.SegmentId = classification.SegmentId?.Value;
    }

    /// <summary>
    /// The lead's columns a manager's assignment to <paramref name="rep"/> sets (README "A manager's assignment"):
    /// the new owner and team, the policy's fresh clocks, who assigned it and why. What else changes (the lapse, the
    /// response clock, the acceptance) depends on where the lead waited, so the caller sets it.
    /// </summary>
    internal static void SetManagerAssignment(
        LeadEntity entity, RepInfo rep, SlaPolicy policy, ManagerAssignmentClocks clocks, DateTimeOffset at, string assignedBy, string reason)
    {
        entity.Stage = LeadStage.Assigned;
        entity.OwnerId = rep.Id.Value;
        entity.TeamId = rep.Team.Team.Id.Value;
        entity.SlaPolicy = policy.Name;
        entity.RespondBy = clocks.RespondBy;
        entity.EscalateAt = clocks.EscalateAt;
        entity.AssignedAt = at;
        entity.AssignedBy = assignedBy;
        entity.AssignmentReason = reason;
    }

    /// <summary>The shared state a decision moves; the lead row must exist (its task refers to it).</summary>
    internal static void MoveState(WriteSession session, LeadEntity entity, string? previousOwner, RoutingDecision decision, DateTimeOffset now)
    {
        if (decision.RoundRobin is { } move)
        {
            session.MoveRoundRobin(move);
            if (session.KeepsRecords)
            {
                session.InsertPoolPick(move, entity.Id, now);
            }
        }

        if (previousOwner is not null)
        {
            session.RemoveOpenLead(previousOwner);
            session.CloseOpenTasks(entity.Id, now, completed: false);
        }

        if (decision.OwnerId is { } owner)
        {
            session.AddOpenLead(owner.Value);
            session.InsertTask(new LeadTaskEntity
            {
                LeadId = entity.Id,
                RepId = owner.Value,
                Title = NextStep(entity),
                DueAt = entity.RespondBy,
                CreatedAt = now,
            });
        }

        if (decision.AccountClaim is { } claim)
        {
            session.ClaimAccount(claim, now);
        }
    }

    /// <summary>The next step a new owner sees: whom to answer, and about what.</summary>
    internal static string NextStep(LeadEntity entity)
    {
        var who = entity.Company is { Length: > 0 } company ? $"{Contact(entity)} ({company})" : Contact(entity);
        var what = entity.Source switch
        {
            SignalType.DemoRequest => "demo request",
            SignalType.ContactSales => "sales enquiry",
            SignalType.EventBadgeScan => "event contact",
            _ => $"{entity.Source} lead",
        };
        var step = $"First response to {who}: {what}";
        return step.Length <= 500 ? step : step[..500];
    }

    internal static RoutingDecisionEntity ToEntity(string leadId, RoutingDecision decision, int version, LeadEventKind reason, DateTimeOffset now) =>
        LeadMapper.ToEntity(decision, leadId, decidedAt: now, configurationVersion: version, reason: reason.ToString());

    /// <summary>The audit events and outbox messages of a routing: what happened, and who must hear of it.</summary>
    internal static List<AuditEventEntity> WriteEvents(
        WriteSession session, LeadEntity entity, RoutingDecision decision, LeadEventKind kind, string actor, DateTimeOffset now,
        string? previousOwner = null, string? reason = null, string? importId = null)
    {
        var detail = decision.OwnerName is { } owner
            ? $"{decision.Status}: {owner} ({decision.Distribution}), {decision.Action}, {decision.Tier}"
            : $"{decision.Status}: {decision.Action}";
        var events = new List<AuditEventEntity> { new() { LeadId = entity.Id, At = now, Actor = actor, Type = kind.ToString(), Detail = detail } };
        var routed = EventFor(entity, kind, actor, now) with
        {
            OwnerName = decision.OwnerName,
            Team = decision.Team,
            PreviousOwnerId = previousOwner,
            Reason = reason,
            ImportId = importId,
        };
        WriteOutbox(session, routed);
        foreach (var notice in decision.Notices)
        {
            events.Add(new AuditEventEntity { LeadId = entity.Id, At = now, Actor = "system", Type = "ManagerNotified", Detail = $"{notice.Reason}: {notice.ManagerName ?? "no manager configured"}" });
            WriteOutbox(session, routed with
            {
                Kind = LeadEventKind.ManagerNotice,
                Actor = "system",
                PreviousOwnerId = previousOwner,
                TeamId = notice.TeamId?.Value ?? entity.TeamId,
                Reason = notice.Reason,
                ManagerName = notice.ManagerName,
                ManagerEmail = notice.ManagerEmail,
            });
        }

        foreach (var audit in events)
        {
            session.InsertAuditEvent(audit);
        }

        return events;
    }

    /// <summary>The event of <paramref name="kind"/> for the lead as it stands; callers add what only they know.</summary>
    internal static LeadEvent EventFor(LeadEntity entity, LeadEventKind kind, string actor, DateTimeOffset now) => new()
    {
        Kind = kind,
        LeadId = entity.Id,
        At = now,
        Actor = actor,
        Status = entity.Stage,
        Contact = Contact(entity),
        Company = entity.Company,
        OwnerId = entity.OwnerId,
        TeamId = entity.TeamId,
        RespondBy = entity.RespondBy,
        EscalateAt = entity.EscalateAt,
        AssignedAt = entity.AssignedAt,
    };

    internal static void WriteOutbox(WriteSession session, LeadEvent leadEvent) =>
        session.InsertOutbox(leadEvent.At, leadEvent.Kind.ToString(), JsonSerializer.Serialize(leadEvent, LeadEventJson.Outbox));

    internal static string Contact(LeadEntity entity) => LeadNames.Contact(entity.FirstName, entity.LastName, entity.Email);
}

/// <summary>How a lead's person is named wherever the app shows or sends it.</summary>
public static class LeadNames
{
    /// <summary>"First Last" from what was given, else the email.</summary>
    public static string Contact(string? firstName, string? lastName, string email) =>
        string.Join(' ', new[] { firstName, lastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name ? name : email;
}

/// <summary>How the two queues a lead can wait in are named wherever the app shows them.</summary>
public static class LeadQueues
{
    public static string Describe(LeadStage stage) => stage switch
    {
        LeadStage.Unassigned => "Unassigned queue",
        LeadStage.ManualReview => "Manual-review queue",
        _ => stage.ToString(),
    };
}
