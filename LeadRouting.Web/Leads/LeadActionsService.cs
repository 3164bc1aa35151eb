using LeadRouting.Web.Live;

namespace LeadRouting.Web.Leads;

/// <summary>Who acts on a lead: a name for the audit trail and, for a rep, the rep record they act as.</summary>
public sealed record LeadActor(string Name, string? RepId)
{
    /// <summary>Managers and Ops may assign and reassign any lead (DESIGN.md: queues with an assign dialog).</summary>
    public bool CanAssign { get; init; }
}

/// <summary>What the owner says became of a contacted lead.</summary>
public enum LeadOutcome
{
    Qualified,
    Converted,
    Disqualified,
}

public enum LeadActionOutcome
{
    Done,
    NotFound,

    /// <summary>The actor may not do this to this lead (not its owner).</summary>
    Forbidden,

    /// <summary>The lead is in a stage where the action makes no sense (e.g. accepting a lead twice).</summary>
    Conflict,

    Invalid,

    /// <summary>The database cannot take changes right now (disk full, PostgreSQL gone); nothing changed, try again.</summary>
    Unavailable,
}

/// <summary>
/// One more check of a caller acting for the owner from outside the app (an email link, a Slack button): it runs inside
/// the action's write, after the owner and stage checks and before anything changes, so what it records (a link's use)
/// is rolled back with a failed action. A non-null answer refuses the action.
/// </summary>
public delegate LeadActionResult? LeadActionGuard(WriteSession session, LeadEntity lead);

public sealed record LeadActionResult(LeadActionOutcome Outcome, string? Message = null, IDictionary<string, string[]>? Errors = null)
{
    public static readonly LeadActionResult Done = new(LeadActionOutcome.Done);
}

/// <summary>
/// What a rep does with a lead (DESIGN.md "SLA clocks and escalation"): accept it within the acceptance window, decline
/// it with a reason (it is routed again at once, without them), and log touches — the first one stops the response
/// clock and records whether the target was met. Only the lead's owner may act; each action is one write on the
/// <see cref="LeadWriter"/> with its audit event and outbox message.
/// </summary>
public sealed class LeadActionsService(LeadWriter writer, TimeProvider time, Routing.AccountMatcherIndex? accounts = null)
{
    public const int MaxReasonLength = 500;
    public const int MaxNoteLength = 2_000;
    public const int MaxNextStepLength = 200;

    public Task<LeadActionResult> AcceptAsync(string leadId, LeadActor actor, CancellationToken cancellationToken, LeadActionGuard? guard = null) =>
        WriteAsync(session =>
        {
            var now = time.GetUtcNow();
            if (Check(session, leadId, actor, [LeadStage.Assigned], out var lead) is { } refused)
            {
                return refused;
            }

            if (guard?.Invoke(session, lead) is { } guarded)
            {
                return guarded;
            }

            lead.Stage = LeadStage.Accepted;
            lead.AcceptedAt = now;
            lead.UpdatedAt = now;
            session.UpdateLead(lead);
            Record(session, lead, LeadEventKind.Accepted, actor, now, $"accepted by {actor.Name}");
            return LeadActionResult.Done;
        }, cancellationToken);

    public Task<LeadActionResult> DeclineAsync(string leadId, LeadActor actor, string? reason, CancellationToken cancellationToken, LeadActionGuard? guard = null)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return Task.FromResult(Invalid("reason", $"A reason is required (1–{MaxReasonLength} characters)."));
        }

        return WriteAsync(session =>
        {
            var now = time.GetUtcNow();
            if (Check(session, leadId, actor, [LeadStage.Assigned, LeadStage.Accepted], out var lead) is { } refused)
            {
                return refused;
            }

            if (guard?.Invoke(session, lead) is { } guarded)
            {
                return guarded;
            }

            var decliner = lead.OwnerId!;
            lead.PassedOnBy = [.. lead.PassedOnBy.Append(decliner).Distinct(StringComparer.Ordinal)];
            var engine = session.Published.Engine;
            var routed = LeadRecorder.ToLead(lead, session.SignalsOf(lead.Id));
            var state = new SqlRoutingState(session, routed, now.AddDays(-engine.Configuration.Policy.Dedup.SameEmailWindowDays), accounts);
            var decision = engine.Route(routed, state, now, new Core.Routing.RouteOptions
            {
                Self = new LeadId(lead.Id),
                ExcludedReps = lead.PassedOnBy.Select(r => new RepId(r)).ToHashSet(),
            });

            Record(session, lead, LeadEventKind.Declined, actor, now, $"declined by {actor.Name}: {reason}");
            decision = LeadRecorder.ApplyRouting(session, lead, decision, now);
            lead.UpdatedAt = now;
            session.UpdateLead(lead);
            session.InsertDecision(LeadRecorder.ToEntity(lead.Id, decision, session.Published.Version, LeadEventKind.Rerouted, now));
            LeadRecorder.WriteEvents(session, lead, decision, LeadEventKind.Rerouted, actor.Name, now, previousOwner: decliner, reason: $"declined: {reason}");
            return LeadActionResult.Done;
        }, cancellationToken);
    }

    /// <summary>
    /// The owner logs a call, email or meeting, optionally with a note and the next step with its due date (the source
    /// article: every lead has an obvious owner, stage and next step with its due date). The note and the next step go
    /// into the lead's history; the next step replaces the open one and is what the inbox and the lead page show.
    /// </summary>
    public Task<LeadActionResult> LogTouchAsync(string leadId, LeadActor actor, TouchKind kind, string? note, CancellationToken cancellationToken,
        string? nextStep = null, DateTimeOffset? nextStepDue = null)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        nextStep = string.IsNullOrWhiteSpace(nextStep) ? null : nextStep.Trim();
        if (nextStep?.Length > MaxNextStepLength)
        {
            return Task.FromResult(Invalid("nextStep", $"At most {MaxNextStepLength} characters."));
        }

        if (nextStep is null && nextStepDue is not null)
        {
            return Task.FromResult(Invalid("nextStep", "Say what the next step is, or leave its due date empty."));
        }

        if (nextStep is not null && nextStepDue is null)
        {
            return Task.FromResult(Invalid("nextStepDue", "The next step needs a due date."));
        }

        if (nextStepDue is { } dueAt && dueAt <= time.GetUtcNow())
        {
            return Task.FromResult(Invalid("nextStepDue", "The due date must be in the future."));
        }

        if (!Enum.IsDefined(kind))
        {
            return Task.FromResult(Invalid("kind", "Call, Email or Meeting."));
        }

        if (note?.Length > MaxNoteLength)
        {
            return Task.FromResult(Invalid("note", $"At most {MaxNoteLength} characters."));
        }

        ResponseStatus? firstResponse = null;
        var written = WriteAsync(session =>
        {
            firstResponse = null;
            var now = time.GetUtcNow();
            if (Check(session, leadId, actor, [LeadStage.Assigned, LeadStage.Accepted, LeadStage.Contacted, LeadStage.Qualified], out var lead) is { } refused)
            {
                return refused;
            }

            session.InsertTouch(new TouchEntity { LeadId = lead.Id, RepId = lead.OwnerId!, Kind = kind, At = now, Note = note });
            var detail = $"{kind} by {actor.Name}";
            if (lead.FirstTouchAt is null)
            {
                lead.FirstTouchAt = now;
                lead.ResponseStatus = EscalationRules.FirstTouch(lead.RespondBy, now);
                firstResponse = lead.ResponseStatus;
                lead.EscalateAt = null;
                session.CloseOpenTasks(lead.Id, now, completed: true);
                detail += lead.ResponseStatus == ResponseStatus.Met ? "; first response within target" : "; first response after the target";
            }

            if (lead.Stage is LeadStage.Assigned or LeadStage.Accepted)
            {
                lead.AcceptedAt ??= now;
                lead.Stage = LeadStage.Contacted;
            }

            if (note is not null)
            {
                detail += $"; note: {note}";
            }

            if (nextStep is not null)
            {
                // One open next step per lead: the new one replaces what was planned before.
                session.CloseOpenTasks(lead.Id, now, completed: true);
                session.InsertTask(new LeadTaskEntity { LeadId = lead.Id, RepId = lead.OwnerId!, Title = nextStep, DueAt = nextStepDue, CreatedAt = now });
                detail += $"; next step: {nextStep}";
            }

            lead.UpdatedAt = now;
            session.UpdateLead(lead);
            Record(session, lead, LeadEventKind.Touched, actor, now, detail, kind.ToString());
            return LeadActionResult.Done;
        }, cancellationToken);
        return CountedFirstResponseAsync(written, () => firstResponse);
    }

    /// <summary>Counts a first response against the SLA once its touch committed (a refused or failed one does not count).</summary>
    private static async Task<LeadActionResult> CountedFirstResponseAsync(Task<LeadActionResult> written, Func<ResponseStatus?> firstResponse)
    {
        var result = await written;
        if (result.Outcome == LeadActionOutcome.Done && firstResponse() is { } status)
        {
            Telemetry.LeadRoutingMetrics.CountSla(status);
        }

        return result;
    }

    /// <summary>
    /// The owner records where a contacted lead stands (DESIGN.md lifecycle: Contacted → Qualified → Converted, or
    /// Disqualified): Qualified keeps it open; Converted and Disqualified close it (<see cref="LeadEntity.ClosedAt"/>),
    /// free a place in the owner's capacity and close the open next step. A lead is contacted (a touch logged) before
    /// it has an outcome; disqualifying needs a reason. Analytics count conversions from these outcomes.
    /// </summary>
    public Task<LeadActionResult> RecordOutcomeAsync(string leadId, LeadActor actor, LeadOutcome outcome, string? reason, CancellationToken cancellationToken)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (!Enum.IsDefined(outcome))
        {
            return Task.FromResult(Invalid("outcome", "Qualified, Converted or Disqualified."));
        }

        if (reason?.Length > MaxReasonLength || (outcome == LeadOutcome.Disqualified && reason is null))
        {
            return Task.FromResult(Invalid("reason", $"Say why the lead is disqualified (1–{MaxReasonLength} characters)."));
        }

        return WriteAsync(session =>
        {
            var now = time.GetUtcNow();
            LeadStage[] from = outcome == LeadOutcome.Qualified ? [LeadStage.Contacted] : [LeadStage.Contacted, LeadStage.Qualified];
            if (Check(session, leadId, actor, from, out var lead) is { } refused)
            {
                return refused.Outcome == LeadActionOutcome.Conflict
                    ? refused with { Message = $"The lead is {lead.Stage}; log a touch first, then record the outcome." }
                    : refused;
            }

            lead.Stage = outcome switch
            {
                LeadOutcome.Qualified => LeadStage.Qualified,
                LeadOutcome.Converted => LeadStage.Converted,
                _ => LeadStage.Disqualified,
            };
            if (outcome != LeadOutcome.Qualified)
            {
                lead.ClosedAt = now;
                lead.EscalateAt = null;
                session.RemoveOpenLead(lead.OwnerId!);
                session.CloseOpenTasks(lead.Id, now, completed: true);
            }

            lead.UpdatedAt = now;
            session.UpdateLead(lead);
            var detail = $"{outcome} by {actor.Name}" + (reason is null ? "" : $": {reason}");
            Record(session, lead, LeadEventKind.Outcome, actor, now, detail, reason ?? outcome.ToString());
            return LeadActionResult.Done;
        }, cancellationToken);
    }

    /// <summary>
    /// A manager (or Ops) gives an open lead to a rep — from the Unassigned or Manual-review queue, or away from its
    /// owner — with a reason, which is audited and shown to the rep. The assignment starts fresh clocks (issue 13): a
    /// response target and an acceptance window from now, with the lead's SLA policy in the rep's team calendar, and a
    /// next-step task due at that target. If the lead's own target had already passed unanswered where it waited, that
    /// lapse is recorded against the queue (or the owner it is taken from), not the new rep
    /// (<see cref="ManagerAssignmentClocks"/>). The previous owner's task is cancelled; both loads move.
    /// </summary>
    public Task<LeadActionResult> AssignAsync(string leadId, LeadActor actor, string repId, string? reason, CancellationToken cancellationToken)
    {
        reason = reason?.Trim();
        if (!actor.CanAssign)
        {
            return Task.FromResult(new LeadActionResult(LeadActionOutcome.Forbidden, "Only managers and Ops assign leads."));
        }

        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return Task.FromResult(Invalid("reason", $"A reason is required (1–{MaxReasonLength} characters)."));
        }

        return WriteAsync(session =>
        {
            var now = time.GetUtcNow();
            var engine = session.Published.Engine;
            if (engine.Organisation.FindRep(new RepId(repId)) is not { } rep || !rep.Rep.Active)
            {
                return Invalid("repId", $"'{repId}' is not an active rep.");
            }

            if (session.FindLead(leadId) is not { } lead)
            {
                return new LeadActionResult(LeadActionOutcome.NotFound, $"There is no lead '{leadId}'.");
            }

            if (!lead.Stage.IsOpen() || lead.Stage is LeadStage.Nurture)
            {
                return new LeadActionResult(LeadActionOutcome.Conflict, $"The lead is {lead.Stage}; only open leads in a queue or with an owner are assigned.");
            }

            if (lead.OwnerId == repId)
            {
                return new LeadActionResult(LeadActionOutcome.Conflict, $"{rep.Rep.Name} already owns the lead.");
            }

            var previousOwner = lead.OwnerId;
            var waitedIn = lead.Stage;
            var policy = engine.SlaPolicy(lead.SlaPolicy, lead.Source);
            var clocks = ManagerAssignmentClocks.Start(policy, rep.Team.Calendar, now, lead.RespondBy, lead.FirstTouchAt, lead.ResponseStatus);
            if (clocks.LapsedAt is { } lapsedAt && lead.LapsedAt is null)
            {
                lead.LapsedAt = lapsedAt;
                lead.LapsedStage = waitedIn;
                lead.LapsedOwnerId = previousOwner;
            }

            if (lead.FirstTouchAt is null)
            {
                // The new owner's own first response: measured from now, against the fresh target.
                lead.ResponseClockFrom = now;
                lead.ResponseStatus = ResponseStatus.Pending;
            }

            LeadRecorder.SetManagerAssignment(lead, rep, policy, clocks, now, actor.Name, reason);
            lead.AcceptedAt = null;
            lead.UpdatedAt = now;
            if (previousOwner is not null)
            {
                session.RemoveOpenLead(previousOwner);
                session.CloseOpenTasks(lead.Id, now, completed: false);
            }

            session.AddOpenLead(repId);
            session.InsertTask(new LeadTaskEntity { LeadId = lead.Id, RepId = repId, Title = LeadRecorder.NextStep(lead), DueAt = lead.RespondBy, CreatedAt = now });
            session.UpdateLead(lead);
            var detail = $"assigned to {rep.Rep.Name} by {actor.Name}" + (previousOwner is null ? "" : $" (was {previousOwner})") + $": {reason}";
            if (clocks.LapsedAt is { } lapsed)
            {
                var where = previousOwner is null ? $"in the {LeadQueues.Describe(waitedIn)}" : $"with {previousOwner}";
                detail += string.Create(CultureInfo.InvariantCulture, $"; the response target ({lapsed:yyyy-MM-dd HH:mm} UTC) had passed {where}");
            }

            session.InsertAuditEvent(new AuditEventEntity { LeadId = lead.Id, At = now, Actor = actor.Name, Type = "AssignedByManager", Detail = detail });
            LeadRecorder.WriteOutbox(session, LeadRecorder.EventFor(lead, LeadEventKind.Reassigned, actor.Name, now) with
            {
                OwnerName = rep.Rep.Name,
                Team = rep.Team.Team.Name,
                PreviousOwnerId = previousOwner,
                Reason = $"assigned by {actor.Name}: {reason}",
            });
            return LeadActionResult.Done;
        }, cancellationToken);
    }

    /// <summary>
    /// Runs an action on the writer. A storage fault becomes a refusal like any other, with a message the page shows
    /// (the inbox's snackbar, the board's assign form), instead of an exception that would end the person's circuit.
    /// </summary>
    private async Task<LeadActionResult> WriteAsync(Func<WriteSession, LeadActionResult> action, CancellationToken cancellationToken)
    {
        try
        {
            return await writer.WriteAsync(action, cancellationToken);
        }
        catch (Data.StorageUnavailableException unavailable)
        {
            return new LeadActionResult(LeadActionOutcome.Unavailable, unavailable.Message);
        }
    }

    /// <summary>Finds the lead and checks that <paramref name="actor"/> owns it and that it is in one of <paramref name="stages"/>.</summary>
    private static LeadActionResult? Check(WriteSession session, string leadId, LeadActor actor, LeadStage[] stages, out LeadEntity lead)
    {
        lead = session.FindLead(leadId)!;
        if (lead is null)
        {
            return new LeadActionResult(LeadActionOutcome.NotFound, $"There is no lead '{leadId}'.");
        }

        if (actor.RepId is null || lead.OwnerId != actor.RepId)
        {
            return new LeadActionResult(LeadActionOutcome.Forbidden, "Only the lead's owner can do this.");
        }

        return stages.Contains(lead.Stage)
            ? null
            : new LeadActionResult(LeadActionOutcome.Conflict, $"The lead is {lead.Stage}; this needs it {string.Join(" or ", stages)}.");
    }

    private static void Record(WriteSession session, LeadEntity lead, LeadEventKind kind, LeadActor actor, DateTimeOffset now, string detail, string? reason = null)
    {
        session.InsertAuditEvent(new AuditEventEntity { LeadId = lead.Id, At = now, Actor = actor.Name, Type = kind.ToString(), Detail = detail });
        LeadRecorder.WriteOutbox(session, LeadRecorder.EventFor(lead, kind, actor.Name, now) with { Reason = reason ?? detail });
    }

    private static LeadActionResult Invalid(string field, string message) =>
        new(LeadActionOutcome.Invalid, message, new Dictionary<string, string[]> { [field] = [message] });
}
