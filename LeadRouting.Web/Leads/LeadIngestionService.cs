using System.Text.Json;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Web.Leads;

/// <summary>
/// Turns a submission into a stored, routed lead in <b>one transaction</b>: the lead (or the merge into an existing
/// one), its signals, the decision with its trace, the audit events, the round-robin move, the rep's load, an account
/// claim and the outbox messages commit together or not at all.
/// </summary>
/// <remarks>
/// The work runs on the <see cref="LeadWriter"/>, one lead after another (SQLite has one writer at a time; the writer
/// commits what queued up together). The database still guards correctness on its own: <c>externalId</c> is unique,
/// and round-robin state and leads move by conditional updates on the values routing read, so a second writer
/// (another instance) cannot move a pointer twice; a lost race runs again on fresh state.
/// </remarks>
public sealed class LeadIngestionService(
    LeadWriter writer,
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = ConfigurationJson.Options;

    public async Task<IngestResult> IngestAsync(LeadSubmission submission, string actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        LeadValidator.Validate(submission, time.GetUtcNow(), errors);
        if (!errors.IsEmpty)
        {
            return IngestResult.Invalid(errors.ToDictionary());
        }

        var written = await writer.WriteAsync(session => Ingest(session, submission, actor), cancellationToken);
        if (written.Outcome != IngestOutcome.Replayed)
        {
            return written;
        }

        // The first result stands; it is read back outside the writer, like any read.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return IngestResult.Replayed(await LeadQueries.FindAsync(db, written.LeadId!, cancellationToken)
            ?? throw new InvalidOperationException($"Lead {written.LeadId} holds the externalId but cannot be read."));
    }

    private IngestResult Ingest(WriteSession session, LeadSubmission submission, string actor)
    {
        var now = time.GetUtcNow();

        // In the writer: a request for the same externalId may have committed while this one queued.
        if (submission.ExternalId is { Length: > 0 } externalId && session.FindLeadIdByExternalId(externalId.Trim()) is { } earlierId)
        {
            return new IngestResult { Outcome = IngestOutcome.Replayed, LeadId = earlierId };
        }

        var published = session.Published;
        var engine = published.Engine;
        var lead = engine.Normalizer.Normalize(submission, now);
        var state = new SqlRoutingState(session, lead, now.AddDays(-engine.Configuration.Policy.Dedup.SameEmailWindowDays));
        var decision = engine.Route(lead, state, now);

        if (decision.DuplicateOf is { } existingId)
        {
            var existing = session.FindLead(existingId.Value)
                ?? throw new InvalidOperationException($"Lead {existingId} was found as a duplicate but cannot be read.");
            session.InsertSignals(existing.Id, lead.Signals);
            var reason = decision.Rerouted ? LeadEventKind.Rerouted : LeadEventKind.Merged;
            existing.Intent = decision.Intent;
            existing.UpdatedAt = now;
            if (decision.Rerouted)
            {
                ApplyRouting(session, existing, decision, now);
            }

            session.UpdateLeadRouting(existing);
            session.InsertDecision(ToEntity(existing.Id, decision, published.Version, reason, now));
            WriteEvents(session, existing, decision, reason, actor, now);
            return IngestResult.Merged(existing.Id);
        }

        var entity = NewLead(lead, now);
        ApplyRouting(session, entity, decision, now);
        session.InsertLead(entity);
        session.InsertSignals(entity.Id, lead.Signals);
        var decisionEntity = ToEntity(entity.Id, decision, published.Version, LeadEventKind.Routed, now);
        session.InsertDecision(decisionEntity);
        var events = WriteEvents(session, entity, decision, LeadEventKind.Routed, actor, now);

        // A new lead is answered from what was just written.
        return IngestResult.Created(entity.Id, new StoredLead(entity, decisionEntity, StoredTrace(decision), events));
    }

    /// <summary>
    /// Appends activity signals to a stored lead and re-evaluates its intent; a <see cref="TreatmentAction.NurtureMonitored"/>
    /// lead whose intent now calls for a rep is routed at once (DESIGN.md §5). One transaction, like ingestion.
    /// </summary>
    public async Task<SignalsResult> AddSignalsAsync(string leadId, IReadOnlyList<Signal> signals, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        if (signals.Count is 0 or > LeadValidator.MaxSignals)
        {
            errors.Add("signals", $"Between 1 and {LeadValidator.MaxSignals} signals.");
        }

        for (var i = 0; i < signals.Count; i++)
        {
            if (signals[i].At > now + LeadValidator.ClockSkewTolerance)
            {
                errors.Add($"signals[{i}].at", "Must not lie in the future.");
            }
        }

        if (!errors.IsEmpty)
        {
            return new SignalsResult(SignalsOutcome.Invalid, errors.ToDictionary());
        }

        return await writer.WriteAsync(session => AddSignals(session, leadId, signals, actor), cancellationToken);
    }

    private SignalsResult AddSignals(WriteSession session, string leadId, IReadOnlyList<Signal> signals, string actor)
    {
        var now = time.GetUtcNow();
        if (session.FindLead(leadId) is not { } entity)
        {
            return new SignalsResult(SignalsOutcome.NotFound, null);
        }

        session.InsertSignals(entity.Id, signals);
        var published = session.Published;
        var engine = published.Engine;
        var lead = ToLead(entity, session.SignalsOf(entity.Id));
        var state = new SqlRoutingState(session, lead, now.AddDays(-engine.Configuration.Policy.Dedup.SameEmailWindowDays));
        var decision = engine.Route(lead, state, now, new Core.Routing.RouteOptions { Self = new LeadId(entity.Id) });
        var before = entity.Intent;
        var reroute = entity.Stage.IsOpen() && entity.Action == TreatmentAction.NurtureMonitored && decision.Action.NeedsRep();
        entity.Intent = decision.Intent;
        entity.UpdatedAt = now;
        if (reroute)
        {
            ApplyRouting(session, entity, decision, now);
        }

        session.UpdateLeadRouting(entity);
        if (reroute)
        {
            session.InsertDecision(ToEntity(entity.Id, decision, published.Version, LeadEventKind.Rerouted, now));
            WriteEvents(session, entity, decision, LeadEventKind.Rerouted, actor, now);
        }

        session.InsertAuditEvent(new AuditEventEntity
        {
            LeadId = entity.Id,
            At = now,
            Actor = actor,
            Type = "SignalsAdded",
            Detail = $"{signals.Count} signal(s): {string.Join(", ", signals.Select(s => s.Type))}; intent {before} → {decision.Intent}" + (reroute ? "; monitored lead routed" : ""),
        });
        return new SignalsResult(reroute ? SignalsOutcome.Rerouted : SignalsOutcome.Updated, null);
    }

    private static Lead ToLead(LeadEntity entity, IReadOnlyList<Signal> signals) => new()
    {
        ExternalId = entity.ExternalId,
        Email = entity.Email,
        FirstName = entity.FirstName,
        LastName = entity.LastName,
        Title = entity.Title,
        Company = entity.Company,
        CompanyDomain = entity.CompanyDomain,
        Employees = entity.Employees,
        Industry = entity.Industry,
        Country = entity.Country,
        TechStack = entity.TechStack,
        Source = entity.Source,
        Signals = signals,
        EstimatedDealSize = entity.EstimatedDealSize,
        Referral = entity.Referral,
        ReceivedAt = entity.ReceivedAt,
    };

    private static LeadEntity NewLead(Lead lead, DateTimeOffset now) => new()
    {
        Id = "ld_" + Guid.CreateVersion7(now).ToString("N"),
        ExternalId = lead.ExternalId,
        Email = lead.Email,
        FirstName = lead.FirstName,
        LastName = lead.LastName,
        Title = lead.Title,
        Company = lead.Company,
        CompanyDomain = lead.CompanyDomain,
        Employees = lead.Employees,
        Industry = lead.Industry,
        Country = lead.Country,
        TechStack = [.. lead.TechStack],
        Source = lead.Source,
        EstimatedDealSize = lead.EstimatedDealSize,
        Referral = lead.Referral,
        ReceivedAt = lead.ReceivedAt,
        CreatedAt = now,
        UpdatedAt = now,
        Version = 1,
        Signals = [.. lead.Signals.Select(s => new SignalEntity { LeadId = string.Empty, Type = s.Type, At = s.At })],
    };

    /// <summary>Writes the decision onto the lead and moves the shared routing state, conditionally.</summary>
    private static void ApplyRouting(WriteSession session, LeadEntity entity, RoutingDecision decision, DateTimeOffset now)
    {
        entity.Stage = decision.Status;
        entity.Intent = decision.Intent;
        entity.Fit = decision.Fit;
        entity.FitScore = decision.FitScore;
        entity.Action = decision.Action;
        entity.Tier = decision.Tier;
        entity.SegmentId = decision.SegmentId?.Value;
        entity.TeamId = decision.TeamId?.Value;
        entity.OwnerId = decision.OwnerId?.Value;
        entity.SlaPolicy = decision.SlaPolicy;
        entity.RespondBy = decision.RespondBy;
        entity.EscalateAt = decision.EscalateAt;
        entity.QueuePriority = decision.QueuePriority;

        if (decision.RoundRobin is { } move)
        {
            session.MoveRoundRobin(move);
        }

        if (decision.OwnerId is { } owner)
        {
            session.AddOpenLead(owner.Value);
        }

        if (decision.AccountClaim is { } claim)
        {
            session.ClaimAccount(claim, now);
        }
    }

    private static RoutingDecisionEntity ToEntity(string leadId, RoutingDecision decision, int version, LeadEventKind reason, DateTimeOffset now) => new()
    {
        LeadId = leadId,
        DecidedAt = now,
        ConfigurationVersion = version,
        Reason = reason.ToString(),
        Status = decision.Status,
        Intent = decision.Intent,
        FitScore = decision.FitScore,
        Fit = decision.Fit,
        Action = decision.Action,
        Tier = decision.Tier,
        SegmentId = decision.SegmentId?.Value,
        Segment = decision.Segment,
        TeamId = decision.TeamId?.Value,
        Team = decision.Team,
        OwnerId = decision.OwnerId?.Value,
        OwnerName = decision.OwnerName,
        Distribution = decision.Distribution,
        SlaPolicy = decision.SlaPolicy,
        RespondBy = decision.RespondBy,
        EscalateAt = decision.EscalateAt,
        TraceJson = JsonSerializer.Serialize(StoredTrace(decision), Json),
    };

    private static List<StoredTraceStep> StoredTrace(RoutingDecision decision) =>
        [.. decision.Trace.Select(t => new StoredTraceStep(t.Step, t.Input, t.Outcome, [.. t.Excluded.Select(e => new StoredExclusion(e.RepId.Value, e.RepName, e.Reason))]))];

    /// <summary>The audit events and outbox messages of a routing: what happened, and who must hear of it.</summary>
    private static List<AuditEventEntity> WriteEvents(WriteSession session, LeadEntity entity, RoutingDecision decision, LeadEventKind kind, string actor, DateTimeOffset now)
    {
        var detail = decision.OwnerName is { } owner
            ? $"{decision.Status}: {owner} ({decision.Distribution}), {decision.Action}, {decision.Tier}"
            : $"{decision.Status}: {decision.Action}";
        var events = new List<AuditEventEntity> { new() { LeadId = entity.Id, At = now, Actor = actor, Type = kind.ToString(), Detail = detail } };
        var routed = new LeadEvent
        {
            Kind = kind,
            LeadId = entity.Id,
            At = now,
            Actor = actor,
            Status = entity.Stage,
            Contact = Contact(entity),
            Company = entity.Company,
            OwnerId = entity.OwnerId,
            OwnerName = decision.OwnerName,
            TeamId = entity.TeamId,
            Team = decision.Team,
            RespondBy = entity.RespondBy,
            EscalateAt = entity.EscalateAt,
        };
        WriteOutbox(session, routed);
        foreach (var notice in decision.Notices)
        {
            events.Add(new AuditEventEntity { LeadId = entity.Id, At = now, Actor = "system", Type = "ManagerNotified", Detail = $"{notice.Reason}: {notice.ManagerName ?? "no manager configured"}" });
            WriteOutbox(session, routed with
            {
                Kind = LeadEventKind.ManagerNotice,
                Actor = "system",
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

    private static void WriteOutbox(WriteSession session, LeadEvent leadEvent) =>
        session.InsertOutbox(leadEvent.At, leadEvent.Kind.ToString(), JsonSerializer.Serialize(leadEvent, Json));

    private static string Contact(LeadEntity entity) =>
        string.Join(' ', new[] { entity.FirstName, entity.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name ? name : entity.Email;
}

public enum SignalsOutcome
{
    Updated,
    Rerouted,
    NotFound,
    Invalid,
}

public sealed record SignalsResult(SignalsOutcome Outcome, IDictionary<string, string[]>? Errors);

/// <summary>Routing state moved between reading it and writing it: another writer routed into the same pool or changed the lead.</summary>
public sealed class ConcurrentRoutingException(string what) : Exception($"The {what} moved concurrently.");

public sealed record StoredTraceStep(string Step, string Input, string Outcome, IReadOnlyList<StoredExclusion> Excluded);

public sealed record StoredExclusion(string RepId, string RepName, string Reason);
