using System.Text.Json;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Routing;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Web.Leads;

/// <summary>
/// Turns a submission into a stored, routed lead in <b>one transaction</b>: the lead (or the merge into an existing
/// one), its signals, the decision with its trace, the audit events, the round-robin move, the rep's load, an account
/// claim and the outbox messages commit together or not at all.
/// </summary>
/// <remarks>
/// SQLite has one writer at a time, so writes are serialised in-process (no SQLITE_BUSY upgrades, no retries under
/// load). The database still guards correctness on its own: <c>externalId</c> is unique, and round-robin state moves
/// by conditional updates on the value routing read, so a second writer (another instance) cannot move a pointer
/// twice; a lost race is retried from a fresh snapshot.
/// </remarks>
public sealed class LeadIngestionService(
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    ConfigurationStore configurations,
    TimeProvider time,
    ILogger<LeadIngestionService> logger)
{
    private const int MaxAttempts = 5;
    private static readonly JsonSerializerOptions Json = ConfigurationJson.Options;
    private readonly SemaphoreSlim _writer = new(1, 1);

    public async Task<IngestResult> IngestAsync(LeadSubmission submission, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        LeadValidator.Validate(submission, now, errors);
        if (!errors.IsEmpty)
        {
            return IngestResult.Invalid(errors.ToDictionary());
        }

        for (var attempt = 1; ; attempt++)
        {
            await _writer.WaitAsync(cancellationToken);
            try
            {
                return await IngestOnceAsync(submission, actor, time.GetUtcNow(), cancellationToken);
            }
            catch (DbUpdateException ex) when (IsUniqueViolation(ex) && submission.ExternalId is { Length: > 0 })
            {
                // Another writer stored the same externalId first: the first result stands (read below, outside the gate).
            }
            catch (ConcurrentRoutingException) when (attempt < MaxAttempts)
            {
                logger.LogInformation("Round-robin state moved under lead ingestion (attempt {Attempt}); routing again.", attempt);
                continue;
            }
            finally
            {
                _writer.Release();
            }

            return await FindByExternalIdAsync(submission.ExternalId!.Trim(), cancellationToken) is { } winner
                ? IngestResult.Replayed(winner)
                : throw new InvalidOperationException("A unique constraint failed but no lead holds the externalId.");
        }
    }

    private async Task<IngestResult> IngestOnceAsync(LeadSubmission submission, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Inside the transaction and the writer gate: a request for the same externalId may have committed while this one waited.
        if (submission.ExternalId is { Length: > 0 } externalId
            && await db.Leads.AsNoTracking().Where(l => l.ExternalId == externalId.Trim()).Select(l => l.Id).FirstOrDefaultAsync(cancellationToken) is { } earlierId)
        {
            return IngestResult.Replayed((await LeadQueries.FindAsync(db, earlierId, cancellationToken))!);
        }

        var published = await configurations.CurrentAsync(db, cancellationToken);
        var engine = published.Engine;
        var lead = engine.Normalizer.Normalize(submission, now);
        var state = await StoredRoutingState.LoadAsync(db, lead, now.AddDays(-engine.Configuration.Policy.Dedup.SameEmailWindowDays), cancellationToken);
        var decision = engine.Route(lead, state, now);

        LeadEntity entity;
        string reason;
        if (decision.DuplicateOf is { } existingId)
        {
            entity = await db.Leads.SingleAsync(l => l.Id == existingId.Value, cancellationToken);
            AppendSignals(entity, lead);
            entity.Intent = decision.Intent;
            reason = decision.Rerouted ? "Rerouted" : "Merged";
            if (decision.Rerouted)
            {
                await ApplyRoutingAsync(db, entity, decision, cancellationToken);
            }
        }
        else
        {
            entity = NewLead(lead, now);
            db.Leads.Add(entity);
            reason = "Routed";
            await ApplyRoutingAsync(db, entity, decision, cancellationToken);
        }

        entity.UpdatedAt = now;
        entity.Version++;
        var decisionEntity = ToEntity(entity.Id, decision, published.Version, reason, now);
        db.Decisions.Add(decisionEntity);
        var events = AddEvents(db, entity, decision, reason, actor, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // A new lead is answered from what was just written; a merge is read back (it has earlier signals and history).
        return decision.DuplicateOf is not null
            ? IngestResult.Merged(entity.Id)
            : IngestResult.Created(entity.Id, new StoredLead(entity, decisionEntity, StoredTrace(decision), events));
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

        for (var attempt = 1; ; attempt++)
        {
            await _writer.WaitAsync(cancellationToken);
            try
            {
                return await AddSignalsOnceAsync(leadId, signals, actor, time.GetUtcNow(), cancellationToken);
            }
            catch (ConcurrentRoutingException) when (attempt < MaxAttempts)
            {
                logger.LogInformation("Round-robin state moved while adding signals (attempt {Attempt}); routing again.", attempt);
            }
            finally
            {
                _writer.Release();
            }
        }
    }

    private async Task<SignalsResult> AddSignalsOnceAsync(string leadId, IReadOnlyList<Signal> signals, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var entity = await db.Leads.Include(l => l.Signals).SingleOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        if (entity is null)
        {
            return new SignalsResult(SignalsOutcome.NotFound, null);
        }

        foreach (var signal in signals)
        {
            entity.Signals.Add(new SignalEntity { LeadId = entity.Id, Type = signal.Type, At = signal.At });
        }

        var published = await configurations.CurrentAsync(db, cancellationToken);
        var engine = published.Engine;
        var lead = ToLead(entity);
        var state = await StoredRoutingState.LoadAsync(db, lead, now.AddDays(-engine.Configuration.Policy.Dedup.SameEmailWindowDays), cancellationToken);
        var decision = engine.Route(lead, state, now, new Core.Routing.RouteOptions { Self = new LeadId(entity.Id) });
        var before = entity.Intent;
        var reroute = entity.Stage.IsOpen() && entity.Action == TreatmentAction.NurtureMonitored && decision.Action.NeedsRep();
        if (reroute)
        {
            await ApplyRoutingAsync(db, entity, decision, cancellationToken);
            db.Decisions.Add(ToEntity(entity.Id, decision, published.Version, "Rerouted", now));
            AddEvents(db, entity, decision, "Rerouted", actor, now);
        }
        else
        {
            entity.Intent = decision.Intent;
        }

        db.AuditEvents.Add(new AuditEventEntity
        {
            LeadId = entity.Id,
            At = now,
            Actor = actor,
            Type = "SignalsAdded",
            Detail = $"{signals.Count} signal(s): {string.Join(", ", signals.Select(s => s.Type))}; intent {before} → {decision.Intent}" + (reroute ? "; monitored lead routed" : ""),
        });
        entity.UpdatedAt = now;
        entity.Version++;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SignalsResult(reroute ? SignalsOutcome.Rerouted : SignalsOutcome.Updated, null);
    }

    private static Lead ToLead(LeadEntity entity) => new()
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
        Signals = [.. entity.Signals.Select(s => new Signal(s.Type, s.At)).OrderBy(s => s.At)],
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
        Signals = [.. lead.Signals.Select(s => new SignalEntity { LeadId = string.Empty, Type = s.Type, At = s.At })],
    };

    private static void AppendSignals(LeadEntity entity, Lead lead)
    {
        foreach (var signal in lead.Signals)
        {
            entity.Signals.Add(new SignalEntity { LeadId = entity.Id, Type = signal.Type, At = signal.At });
        }
    }

    /// <summary>Writes the decision onto the lead and moves the shared routing state, conditionally.</summary>
    private static async Task ApplyRoutingAsync(LeadRoutingDbContext db, LeadEntity entity, RoutingDecision decision, CancellationToken cancellationToken)
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
            await MoveRoundRobinAsync(db, move, cancellationToken);
        }

        if (decision.OwnerId is { } owner)
        {
            var updated = await db.RepStates.Where(r => r.RepId == owner.Value)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.OpenLeads, r => r.OpenLeads + 1), cancellationToken);
            if (updated == 0)
            {
                db.RepStates.Add(new RepStateEntity { RepId = owner.Value, OpenLeads = 1 });
            }
        }

        if (decision.AccountClaim is { } claim && !await db.Accounts.AnyAsync(a => a.Domain == claim.Domain, cancellationToken))
        {
            db.Accounts.Add(new AccountEntity
            {
                Domain = claim.Domain,
                Name = claim.Company ?? claim.Domain,
                OwnerId = claim.OwnerId.Value,
                IsNamedAccount = true,
                CreatedAt = entity.UpdatedAt,
            });
        }
    }

    private static async Task MoveRoundRobinAsync(LeadRoutingDbContext db, RoundRobinAdvance move, CancellationToken cancellationToken)
    {
        var rep = move.RepId.Value;
        var passMoved = move.ExpectedPass is { } expectedPass
            ? await db.RoundRobinPasses.Where(p => p.PoolKey == move.PoolKey && p.RepId == rep && p.Pass == expectedPass)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Pass, move.NewPass), cancellationToken)
            : await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO RoundRobinPasses (PoolKey, RepId, Pass) VALUES ({move.PoolKey}, {rep}, {move.NewPass}) ON CONFLICT DO NOTHING",
                cancellationToken);
        var poolMoved = await db.RoundRobinPools.Where(p => p.PoolKey == move.PoolKey && p.VirtualTime == move.ExpectedVirtualTime)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.VirtualTime, move.NewVirtualTime), cancellationToken);
        if (poolMoved == 0 && move.ExpectedVirtualTime == 0)
        {
            poolMoved = await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO RoundRobinPools (PoolKey, VirtualTime) VALUES ({move.PoolKey}, {move.NewVirtualTime}) ON CONFLICT DO NOTHING",
                cancellationToken);
        }

        if (passMoved != 1 || poolMoved != 1)
        {
            throw new ConcurrentRoutingException(move.PoolKey);
        }
    }

    private static RoutingDecisionEntity ToEntity(string leadId, RoutingDecision decision, int version, string reason, DateTimeOffset now) => new()
    {
        LeadId = leadId,
        DecidedAt = now,
        ConfigurationVersion = version,
        Reason = reason,
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

    private static List<AuditEventEntity> AddEvents(LeadRoutingDbContext db, LeadEntity entity, RoutingDecision decision, string reason, string actor, DateTimeOffset now)
    {
        var detail = decision.OwnerName is { } owner
            ? $"{decision.Status}: {owner} ({decision.Distribution}), {decision.Action}, {decision.Tier}"
            : $"{decision.Status}: {decision.Action}";
        var events = new List<AuditEventEntity> { new() { LeadId = entity.Id, At = now, Actor = actor, Type = reason, Detail = detail } };
        db.Outbox.Add(new OutboxMessageEntity
        {
            CreatedAt = now,
            Type = "Lead" + reason,
            Payload = JsonSerializer.Serialize(new { leadId = entity.Id, status = decision.Status, ownerId = decision.OwnerId?.Value, teamId = decision.TeamId?.Value, respondBy = decision.RespondBy }, Json),
        });
        foreach (var notice in decision.Notices)
        {
            events.Add(new AuditEventEntity { LeadId = entity.Id, At = now, Actor = "system", Type = "ManagerNotified", Detail = $"{notice.Reason}: {notice.ManagerName ?? "no manager configured"}" });
            db.Outbox.Add(new OutboxMessageEntity
            {
                CreatedAt = now,
                Type = "ManagerNotice",
                Payload = JsonSerializer.Serialize(new { leadId = entity.Id, reason = notice.Reason, manager = notice.ManagerName, email = notice.ManagerEmail, teamId = notice.TeamId?.Value }, Json),
            });
        }

        db.AuditEvents.AddRange(events);
        return events;
    }

    private async Task<StoredLead?> FindByExternalIdAsync(string externalId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var id = await db.Leads.AsNoTracking().Where(l => l.ExternalId == externalId).Select(l => l.Id).FirstOrDefaultAsync(cancellationToken);
        return id is null ? null : await LeadQueries.FindAsync(db, id, cancellationToken);
    }

    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 };
}

public enum SignalsOutcome
{
    Updated,
    Rerouted,
    NotFound,
    Invalid,
}

public sealed record SignalsResult(SignalsOutcome Outcome, IDictionary<string, string[]>? Errors);

/// <summary>Round-robin state moved between reading it and writing it: another writer routed into the same pool.</summary>
public sealed class ConcurrentRoutingException(string poolKey) : Exception($"Round-robin pool '{poolKey}' moved concurrently.");

public sealed record StoredTraceStep(string Step, string Input, string Outcome, IReadOnlyList<StoredExclusion> Excluded);

public sealed record StoredExclusion(string RepId, string RepName, string Reason);
