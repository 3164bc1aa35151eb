using Microsoft.Extensions.Options;
using System.Diagnostics;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Demo;

/// <summary>
/// Fills an empty demo database with <see cref="DemoHistory"/> (<c>Demo:HistoryDays</c>, default 90; 0 = none) in one
/// transaction on a connection of its own, through the lead writer's <see cref="WriteSession"/> and
/// <see cref="LeadRecorder"/>, so the rows are exactly what live ingestion, rep actions and managers write: leads,
/// signals, decisions with traces, next-step tasks, touches, audit events, round-robin positions, account claims.
/// </summary>
/// <remarks>
/// History is the past: nobody is notified of it, so the outbox messages the shared recorder writes are removed in the
/// same transaction. Rep loads (<c>RepStates.OpenLeads</c>) are set to the leads each rep really holds at the end
/// (assigned, accepted, contacted, qualified); availability stays the demo roster's.
/// </remarks>
public sealed class DemoHistorySeeder(
    LeadRoutingStorage storage,
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    ConfigurationStore configurations,
    TimeProvider time,
    IOptions<DemoOptions> options,
    ILogger<DemoHistorySeeder> logger)
{
    public const string Actor = "demo history";
    public const int DefaultSeed = 20_261_130;

    public int HistoryDays => options.Value.HistoryDays;

    public int Seed => options.Value.Seed;

    /// <summary>Generates and stores the history when demo data is on, history is asked for and no lead is stored yet; answers the leads added.</summary>
    public async Task<int> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || HistoryDays <= 0)
        {
            return 0;
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Leads.AnyAsync(cancellationToken))
            {
                return 0;
            }
        }

        var started = Stopwatch.GetTimestamp();
        var published = await configurations.CurrentAsync(cancellationToken);
        if (published.Engine.Organisation.Reps.Count == 0)
        {
            logger.LogWarning("Demo history skipped: the published configuration has no reps (it was not started with demo data).");
            return 0;
        }

        var history = DemoHistory.Generate(published.Engine, Seed, time.GetUtcNow(), HistoryDays);
        var generated = Stopwatch.GetElapsedTime(started);
        Write(history, published);
        logger.LogInformation(
            "Demo history: {Leads} leads over {Days} days (seed {Seed}) generated in {Generated:0.0} s, stored in {Total:0.0} s.",
            history.Leads.Count, HistoryDays, Seed, generated.TotalSeconds, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return history.Leads.Count;
    }

    private void Write(DemoHistory history, PublishedConfiguration published)
    {
        using var connection = storage.OpenWriter();
        using var session = new WriteSession(connection);
        using var transaction = connection.BeginTransaction();
        session.Begin(transaction, published);
        foreach (var lead in history.Leads)
        {
            session.InsertLead(lead.Entity);
        }

        foreach (var op in history.Operations)
        {
            WriteOperation(session, op, published.Version);
        }

        using var closed = Command(connection, transaction, "UPDATE \"Leads\" SET \"ClosedAt\" = @at WHERE \"Id\" = @id", "@at", "@id");
        foreach (var lead in history.Leads)
        {
            WriteTimeline(session, lead);
            if (lead.ClosedAt is { } at)
            {
                closed.Parameters[0].Value = at.UtcTicks;
                closed.Parameters[1].Value = lead.Entity.Id;
                closed.ExecuteNonQuery();
            }
        }

        using (var outbox = Command(connection, transaction, "DELETE FROM \"Outbox\""))
        {
            outbox.ExecuteNonQuery();
        }

        using (var loads = Command(connection, transaction,
            "UPDATE \"RepStates\" SET \"OpenLeads\" = (SELECT COUNT(*) FROM \"Leads\" WHERE \"Leads\".\"OwnerId\" = \"RepStates\".\"RepId\" " +
            "AND \"Leads\".\"Stage\" IN ('Assigned', 'Accepted', 'Contacted', 'Qualified'))"))
        {
            loads.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static void WriteOperation(WriteSession session, HistoryOp op, int version)
    {
        var entity = op.Lead.Entity;
        if (op.Kind == HistoryOpKind.AssignedByManager)
        {
            var rep = op.Rep!;
            session.InsertTask(new LeadTaskEntity { LeadId = entity.Id, RepId = rep.Id.Value, Title = LeadRecorder.NextStep(entity), DueAt = entity.RespondBy, CreatedAt = op.At });
            session.InsertAuditEvent(new AuditEventEntity
            {
                LeadId = entity.Id,
                At = op.At,
                Actor = op.Manager!,
                Type = "AssignedByManager",
                Detail = $"assigned to {rep.Rep.Name} by {op.Manager}: {op.Reason}",
            });
            return;
        }

        var decision = op.Decision!;
        if (op.Kind != HistoryOpKind.Merged)
        {
            LeadRecorder.MoveState(session, entity, op.PreviousOwner, decision, op.At);
        }

        session.InsertSignals(entity.Id, op.Signals);
        session.InsertDecision(LeadRecorder.ToEntity(entity.Id, decision, version, op.EventKind, op.At));
        LeadRecorder.WriteEvents(session, entity, decision, op.EventKind, Actor, op.At, previousOwner: op.PreviousOwner);
    }

    /// <summary>What the owner did, as the rep actions record it: accept, touches (the first closes the task), breach, stages.</summary>
    private static void WriteTimeline(WriteSession session, HistoryLead lead)
    {
        var e = lead.Entity;
        if (lead.Owner is not { } owner)
        {
            return;
        }

        var name = owner.Rep.Name;
        if (e.AcceptedAt is { } accepted && accepted != e.FirstTouchAt)
        {
            Audit(session, e, accepted, name, nameof(LeadEventKind.Accepted), $"accepted by {name}");
        }

        if (e.EscalatedAt is { } escalated)
        {
            var manager = owner.Team.Manager.Name;
            Audit(session, e, escalated, "system", nameof(LeadEventKind.Escalated),
                $"accepted but not touched by the trigger; breach recorded; {(manager is null ? "no manager configured" : $"manager {manager} notified")}");
        }

        var first = true;
        foreach (var (at, kind) in lead.Touches)
        {
            session.InsertTouch(new TouchEntity { LeadId = e.Id, RepId = owner.Id.Value, Kind = kind, At = at });
            var detail = $"{kind} by {name}";
            if (first)
            {
                session.CloseOpenTasks(e.Id, at, completed: true);
                detail += e.ResponseStatus == ResponseStatus.Met ? "; first response within target" : "; first response after the target";
                first = false;
            }

            Audit(session, e, at, name, nameof(LeadEventKind.Touched), detail);
        }

        var stage = LeadStage.Contacted;
        if (lead.QualifiedAt is { } qualified && qualified <= e.UpdatedAt)
        {
            Audit(session, e, qualified, name, "StageChanged", $"{stage} → {LeadStage.Qualified}");
            stage = LeadStage.Qualified;
        }

        if (lead.CloseAt is { } close && close <= e.UpdatedAt && e.Stage is LeadStage.Converted or LeadStage.Disqualified or LeadStage.Nurture)
        {
            Audit(session, e, close, name, "StageChanged", $"{stage} → {e.Stage}");
        }
    }

    private static void Audit(WriteSession session, LeadEntity lead, DateTimeOffset at, string actor, string type, string detail) =>
        session.InsertAuditEvent(new AuditEventEntity { LeadId = lead.Id, At = at, Actor = actor, Type = type, Detail = detail });

    private static System.Data.Common.DbCommand Command(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            var added = command.CreateParameter();
            added.ParameterName = parameter;
            command.Parameters.Add(added);
        }

        return command;
    }
}
