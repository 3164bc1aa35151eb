using System.Text.Json;
using LeadRouting.Core.Import;
using LeadRouting.Web.Live;
using LeadRouting.Web.Telemetry;

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
    TimeProvider time,
    Routing.AccountMatcherIndex accounts)
{
    public Task<IngestResult> IngestAsync(LeadSubmission submission, string actor, CancellationToken cancellationToken) =>
        IngestAsync(submission, actor, readBackReplays: true, cancellationToken);

    /// <summary>
    /// Ingests a submission. With <paramref name="readBackReplays"/> off, a replayed <c>externalId</c> answers with the
    /// earlier lead's id only — what an import counts — instead of reading the whole earlier lead back, so a row seen
    /// before costs one indexed lookup in the writer and nothing else.
    /// </summary>
    public Task<IngestResult> IngestAsync(LeadSubmission submission, string actor, bool readBackReplays, CancellationToken cancellationToken) =>
        IngestAsync(submission, actor, readBackReplays, fileRow: false, importId: null, cancellationToken);

    /// <summary>
    /// Ingests a row of a CSV import: as <see cref="IngestAsync(LeadSubmission, string, bool, CancellationToken)"/> without
    /// reading replays back, and a row that gives its <c>receivedAt</c> is the same row again when a lead of the same
    /// email was received at that very instant (<see cref="Ingest"/>), so a re-uploaded export without ids changes nothing.
    /// <paramref name="importId"/> is written on the lead's events, so they are told in the import's digest rather than one
    /// by one (Notifications/ImportNotifications).
    /// </summary>
    public Task<IngestResult> IngestRowAsync(LeadSubmission submission, string actor, string? importId, CancellationToken cancellationToken) =>
        IngestAsync(submission, actor, readBackReplays: false, fileRow: true, importId, cancellationToken);

    /// <summary>
    /// Ingests rows of a CSV import in file order in <b>one</b> writer item, each exactly as
    /// <see cref="IngestRowAsync"/> ingests it (validated, deduplicated, routed, its records written; each row sees the
    /// rows before it), and answers each row's result in the order given once the item committed (issue 21). One
    /// savepoint, one queue entry and one task per chunk instead of one per row; when another writer moved routing state
    /// under a row, the item rolls back to its savepoint and every row of it runs again on fresh state, as a single
    /// row's item would. Rows of other callers still run between two chunks.
    /// </summary>
    public async Task<IReadOnlyList<IngestResult>> IngestRowsAsync(
        IReadOnlyList<LeadSubmission> submissions, string actor, string? importId, CancellationToken cancellationToken)
    {
        // One span for the chunk: its rows have no request of their own and are written together.
        using var span = LeadRoutingTracing.StartIngest(ownRequest: false);
        span.Activity?.SetTag(LeadRoutingTracing.BatchSizeTag, submissions.Count);
        var (results, valid) = ValidateEach(submissions, s => s, more: null);
        for (var i = 0; i < submissions.Count; i++)
        {
            if (results[i] is not null)
            {
                LeadRoutingMetrics.CountIngested(submissions[i].Source, "invalid", status: null); // answered already: invalid
            }
        }

        if (valid.Count == 0)
        {
            return results;
        }

        var routed = RoutedLeads.IfObserved();
        await writer.WriteAsync(session =>
        {
            routed?.Restart();
            foreach (var i in valid)
            {
                results[i] = Ingest(session, submissions[i], actor, fileRow: true, importId, routed);
            }

            return valid.Count;
        }, cancellationToken);
        LeadRoutingMetrics.CountDecisions(routed);
        foreach (var i in valid)
        {
            LeadRoutingMetrics.CountIngested(submissions[i].Source, LeadRoutingMetrics.OutcomeName(results[i].Outcome), results[i].Stage);
        }

        return results;
    }

    private async Task<IngestResult> IngestAsync(LeadSubmission submission, string actor, bool readBackReplays, bool fileRow, string? importId, CancellationToken cancellationToken)
    {
        // The API request's own span carries the ingestion's tags; an import row or a demo lead gets lead.ingest.
        using var span = LeadRoutingTracing.StartIngest(ownRequest: !fileRow);
        var activity = span.Activity;
        activity?.SetTag(LeadRoutingTracing.SourceTag, submission.Source?.ToString());
        var errors = new FieldErrors();
        LeadValidator.Validate(submission, time.GetUtcNow(), errors);
        if (!errors.IsEmpty)
        {
            activity?.SetTag(LeadRoutingTracing.OutcomeTag, "invalid");
            LeadRoutingMetrics.CountIngested(submission.Source, "invalid", status: null);
            return IngestResult.Invalid(errors.ToDictionary());
        }

        var routed = RoutedLeads.IfObserved();
        var written = await writer.WriteAsync(session =>
        {
            routed?.Restart();
            return Ingest(session, submission, actor, fileRow, importId, routed);
        }, cancellationToken);
        LeadRoutingMetrics.CountDecisions(routed);
        var outcome = LeadRoutingMetrics.OutcomeName(written.Outcome);
        var stage = written.Stage ?? written.Stored?.Lead.Stage;
        LeadRoutingMetrics.CountIngested(submission.Source, outcome, stage);
        activity?.SetTag(LeadRoutingTracing.LeadIdTag, written.LeadId).SetTag(LeadRoutingTracing.OutcomeTag, outcome)
            .SetTag(LeadRoutingTracing.StatusTag, stage?.ToString());
        if (written.Outcome != IngestOutcome.Replayed || !readBackReplays)
        {
            return written;
        }

        // The first result stands; it is read back outside the writer, like any read.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return IngestResult.Replayed(await LeadQueries.FindAsync(db, written.LeadId!, cancellationToken)
            ?? throw new InvalidOperationException($"Lead {written.LeadId} holds the externalId but cannot be read."));
    }

    /// <summary>
    /// Stores rows of a <c>mode=history</c> import as what they were (<see cref="HistoryRecorder"/>), each validated first
    /// like any lead plus the history rules; nothing is routed or notified. The valid rows go in order into <b>one</b>
    /// writer item (one savepoint, committed together); each answer is its row's, in the order given.
    /// </summary>
    public async Task<IReadOnlyList<IngestResult>> RecordHistoryAsync(
        IReadOnlyList<(LeadSubmission Submission, LeadHistory History)> rows, string actor, CancellationToken cancellationToken)
    {
        var (results, valid) = ValidateEach(rows, r => r.Submission, (r, now, errors) => HistoryRecorder.Validate(r.Submission, r.History, now, errors));
        if (valid.Count > 0)
        {
            await writer.WriteAsync(session =>
            {
                var at = time.GetUtcNow();
                foreach (var i in valid)
                {
                    results[i] = HistoryRecorder.Record(session, rows[i].Submission, rows[i].History, actor, at);
                }

                return valid.Count;
            }, cancellationToken);
        }

        return results;
    }

    /// <summary>
    /// Validates each row's submission (plus <paramref name="more"/>, when given) at one instant: the answers so far (an
    /// invalid row's answer names its fields; a valid row's is left for the writer to fill) and the valid rows' indexes,
    /// in the order given.
    /// </summary>
    private (IngestResult[] Results, List<int> Valid) ValidateEach<T>(
        IReadOnlyList<T> rows, Func<T, LeadSubmission> submission, Action<T, DateTimeOffset, FieldErrors>? more)
    {
        var now = time.GetUtcNow();
        var results = new IngestResult[rows.Count];
        var valid = new List<int>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var errors = new FieldErrors();
            LeadValidator.Validate(submission(rows[i]), now, errors);
            more?.Invoke(rows[i], now, errors);
            if (errors.IsEmpty)
            {
                valid.Add(i);
            }
            else
            {
                results[i] = IngestResult.Invalid(errors.ToDictionary());
            }
        }

        return (results, valid);
    }

    /// <summary>
    /// Validates and routes each submission in order in one writer item, as an import of them would, and undoes every
    /// write (<see cref="WriteSession.RolledBack{T}"/>): each answer is what that row's import would answer, with the
    /// stage its lead would end in. Nothing is stored and nothing is notified.
    /// </summary>
    /// <remarks>With <paramref name="histories"/> (one per submission) the rows are stored as history instead of routed.</remarks>
    public async Task<IReadOnlyList<(IngestResult Result, LeadStage? Stage)>> DryRunAsync(
        IReadOnlyList<LeadSubmission> submissions, IReadOnlyList<LeadHistory>? histories, string actor, CancellationToken cancellationToken) =>
        (await InOneItemAsync(submissions, histories, actor, store: false, importId: null, cancellationToken)).Results;

    /// <summary>
    /// All or nothing: when every submission is valid, ingests them in order in <b>one</b> writer item — one savepoint
    /// of one transaction, so they commit together or not at all, also when storage fails half-way — and answers
    /// <c>Stored = true</c>; when any is invalid, stores nothing and answers what each would have come to, as
    /// <see cref="DryRunAsync"/> does.
    /// </summary>
    /// <remarks><paramref name="importId"/> goes on the leads' events, as for <see cref="IngestRowAsync"/>.</remarks>
    public Task<(IReadOnlyList<(IngestResult Result, LeadStage? Stage)> Results, bool Stored)> AllOrNothingAsync(
        IReadOnlyList<LeadSubmission> submissions, IReadOnlyList<LeadHistory>? histories, string actor, string? importId, CancellationToken cancellationToken) =>
        InOneItemAsync(submissions, histories, actor, store: true, importId, cancellationToken);

    private async Task<(IReadOnlyList<(IngestResult Result, LeadStage? Stage)> Results, bool Stored)> InOneItemAsync(
        IReadOnlyList<LeadSubmission> submissions, IReadOnlyList<LeadHistory>? histories, string actor, bool store, string? importId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var results = new (IngestResult, LeadStage?)[submissions.Count];
        var valid = new List<int>(submissions.Count);
        for (var i = 0; i < submissions.Count; i++)
        {
            var errors = new FieldErrors();
            LeadValidator.Validate(submissions[i], now, errors);
            if (histories is not null)
            {
                HistoryRecorder.Validate(submissions[i], histories[i], now, errors);
            }

            if (errors.IsEmpty)
            {
                valid.Add(i);
            }
            else
            {
                results[i] = (IngestResult.Invalid(errors.ToDictionary()), null);
            }
        }

        var stored = store && valid.Count == submissions.Count;
        var routed = stored ? RoutedLeads.IfObserved() : null;
        int Work(WriteSession session)
        {
            routed?.Restart();
            foreach (var i in valid)
            {
                var result = histories is null ? Ingest(session, submissions[i], actor, fileRow: true, importId, routed) : HistoryRecorder.Record(session, submissions[i], histories[i], actor, now);
                var stage = result.Outcome == IngestOutcome.Replayed ? null : result.Stage;
                results[i] = (result, stage);
            }

            return valid.Count;
        }

        await writer.WriteAsync(session => stored ? Work(session) : session.RolledBack(() => Work(session)), cancellationToken);
        LeadRoutingMetrics.CountDecisions(routed);
        return (results, stored);
    }

    /// <remarks>
    /// A <paramref name="fileRow"/> that states its <c>receivedAt</c> and matches a lead of the same email received at
    /// exactly that instant is that lead's row again (replayed): the dedup window counts from now, so without this an
    /// old export re-uploaded without ids would be created twice, and a recent one merged into itself.
    /// </remarks>
    /// <remarks>
    /// A lead that is routed (new, or re-routed on a merge) adds its decision to <paramref name="routed"/>, counted once the
    /// transaction commits.
    /// </remarks>
    private IngestResult Ingest(WriteSession session, LeadSubmission submission, string actor, bool fileRow, string? importId, RoutedLeads? routed)
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
        if (fileRow && submission.ReceivedAt is not null && session.FindLeadIdByEmailAndReceivedAt(lead.Email, lead.ReceivedAt) is { } sameRowId)
        {
            return new IngestResult { Outcome = IngestOutcome.Replayed, LeadId = sameRowId };
        }

        // The routing span sits inside the writer's batch span: routing runs on the writer, against the batch's state.
        using var activity = LeadRoutingTracing.Source.StartActivity("routing.decide");
        var started = routed is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
        var state = new SqlRoutingState(session, lead, now.AddDays(-engine.Configuration.Policy.Dedup.SameEmailWindowDays), accounts);
        var decision = engine.Route(lead, state, now);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(LeadRoutingTracing.ActionTag, decision.Action.ToString()).SetTag(LeadRoutingTracing.TeamTag, decision.Team)
                .SetTag(LeadRoutingTracing.StatusTag, decision.Status.ToString());
        }

        if (decision.DuplicateOf is { } existingId)
        {
            var existing = session.FindLead(existingId.Value)
                ?? throw new InvalidOperationException($"Lead {existingId} was found as a duplicate but cannot be read.");
            activity?.SetTag(LeadRoutingTracing.LeadIdTag, existing.Id).SetTag(LeadRoutingTracing.OutcomeTag, decision.Rerouted ? "rerouted" : "merged");
            if (session.KeepsRecords)
            {
                if (decision.Rerouted)
                {
                    routed?.Add(decision, started);
                }

                LeadRoutingTracing.RememberLead(existing.Id, activity);
            }

            session.InsertSignals(existing.Id, lead.Signals);
            var reason = decision.Rerouted ? LeadEventKind.Rerouted : LeadEventKind.Merged;
            existing.Intent = decision.Intent;
            existing.UpdatedAt = now;
            if (decision.Rerouted)
            {
                LeadRecorder.ApplyRouting(session, existing, decision, now);
            }

            session.UpdateLead(existing);
            if (session.KeepsRecords)
            {
                session.InsertDecision(LeadRecorder.ToEntity(existing.Id, decision, published.Version, reason, now));
                LeadRecorder.WriteEvents(session, existing, decision, reason, actor, now, importId: importId);
            }

            return IngestResult.Merged(existing.Id) with { Stage = existing.Stage };
        }

        // The lead is stored with what its account filled in, so the lead page, the board and analytics show what routing saw.
        var entity = LeadRecorder.NewLead(decision.Enrichment?.Apply(lead) ?? lead, now);
        LeadRecorder.SetRouting(entity, decision, now);
        LeadRecorder.SetSamePerson(entity, decision);
        session.InsertLead(entity);
        activity?.SetTag(LeadRoutingTracing.LeadIdTag, entity.Id).SetTag(LeadRoutingTracing.OutcomeTag, "created");
        if (session.KeepsRecords)
        {
            routed?.Add(decision, started);
            LeadRoutingTracing.RememberLead(entity.Id, activity);
        }

        LeadRecorder.MoveState(session, entity, previousOwner: null, decision, now);
        session.InsertSignals(entity.Id, lead.Signals);
        if (!session.KeepsRecords || fileRow)
        {
            // A dry run keeps no records (WriteSession.KeepsRecords); an import row is answered by its id and stage only,
            // so the trace is rendered once, for the decision row, not a second time for an answer nobody reads.
            if (session.KeepsRecords)
            {
                session.InsertDecision(LeadRecorder.ToEntity(entity.Id, decision, published.Version, LeadEventKind.Routed, now));
                LeadRecorder.WriteEvents(session, entity, decision, LeadEventKind.Routed, actor, now, importId: importId);
            }

            return new IngestResult { Outcome = IngestOutcome.Created, LeadId = entity.Id, Stage = entity.Stage };
        }

        var decisionEntity = LeadRecorder.ToEntity(entity.Id, decision, published.Version, LeadEventKind.Routed, now);
        session.InsertDecision(decisionEntity);
        var events = LeadRecorder.WriteEvents(session, entity, decision, LeadEventKind.Routed, actor, now, importId: importId);

        // A new lead is answered from what was just written.
        var nextStep = entity.OwnerId is { } owner
            ? new LeadTaskEntity { LeadId = entity.Id, RepId = owner, Title = LeadRecorder.NextStep(entity), DueAt = entity.RespondBy, CreatedAt = now }
            : null;
        return IngestResult.Created(entity.Id, new StoredLead(entity, decisionEntity, StoredTrace.Of(decision), events, nextStep));
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
            LeadValidator.ValidateInstant($"signals[{i}].at", signals[i].At, now, errors);
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
        var lead = LeadRecorder.ToLead(entity, session.SignalsOf(entity.Id));
        var state = new SqlRoutingState(session, lead, now.AddDays(-engine.Configuration.Policy.Dedup.SameEmailWindowDays), accounts);
        var decision = engine.Route(lead, state, now, new Core.Routing.RouteOptions { Self = new LeadId(entity.Id) });
        var before = entity.Intent;
        var reroute = entity.Stage.IsOpen() && entity.Action == TreatmentAction.NurtureMonitored && decision.Action.NeedsRep();
        entity.Intent = decision.Intent;
        entity.UpdatedAt = now;
        if (reroute)
        {
            LeadRecorder.ApplyRouting(session, entity, decision, now);
        }

        session.UpdateLead(entity);
        if (reroute)
        {
            session.InsertDecision(LeadRecorder.ToEntity(entity.Id, decision, published.Version, LeadEventKind.Rerouted, now));
            LeadRecorder.WriteEvents(session, entity, decision, LeadEventKind.Rerouted, actor, now);
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

