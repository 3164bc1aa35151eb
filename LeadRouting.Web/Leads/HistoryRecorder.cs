using System.Runtime.CompilerServices;
using LeadRouting.Core.Import;
using LeadRouting.Web.Live;

namespace LeadRouting.Web.Leads;

/// <summary>
/// Stores a row of a <c>mode=history</c> import as what it was in the CRM, inside a <see cref="WriteSession"/>: its own
/// <c>receivedAt</c>, the owner the CRM named (resolved against the published roster, never guessed), the stage and
/// closure its status says, its first touch — filed under the intent, fit, tier and segment routing would give it, so
/// the reports group it like a routed lead. Nothing is routed: no round-robin move, no account claim, no SLA clock, no
/// task, no outbox message (so no notification, webhook or live toast). An open lead with an owner counts in that
/// owner's load, as every open lead a rep works does.
/// </summary>
/// <remarks>
/// <b>One row, one lead.</b> The CRM already decided which records are one lead, so history rows are never merged into
/// each other or into live leads (merging by the dedup window would depend on today's date and change the CRM's counts).
/// A row is the same record again — replayed, nothing written — when its <c>externalId</c> is known, or, without one,
/// when a lead with the same email and the same <c>receivedAt</c> is stored: the row's own time, never today's.
/// </remarks>
internal static class HistoryRecorder
{
    /// <summary>The audit event of a lead stored by a history import.</summary>
    public const string ImportedEvent = "ImportedHistory";

    /// <summary>The rules a history row must meet beyond those of any lead (<see cref="LeadValidator"/>); every bad field named.</summary>
    public static void Validate(LeadSubmission submission, LeadHistory history, DateTimeOffset now, FieldErrors errors)
    {
        if (submission.ReceivedAt is null)
        {
            errors.Add(LeadFields.ReceivedAt.Name, "Is required in mode=history: the row is stored as of when it was received.");
        }

        foreach (var (target, at) in new[] { (ImportTargets.FirstTouchAt, history.FirstTouchAt), (ImportTargets.ClosedAt, history.ClosedAt) })
        {
            if (at is not { } instant)
            {
                continue;
            }

            LeadValidator.ValidateInstant(target.Name, instant, now, errors);
            if (!errors.Contains(target.Name) && submission.ReceivedAt is { } received && instant < received)
            {
                errors.Add(target.Name, $"Is before the lead was received ({received.UtcDateTime:yyyy-MM-dd HH:mm} UTC).");
            }
        }

        if (history.ClosedAt is not null && history.Status is not { IsClosed: true })
        {
            errors.Add(ImportTargets.ClosedAt.Name, history.Status is { } open
                ? $"The row's status is open ({open.Stage}); a closed date needs a won or lost status."
                : "A closed date needs a status column saying the lead was won or lost.");
        }
    }

    /// <summary>Stores the row, or answers the lead it was stored as before (see the remarks).</summary>
    public static IngestResult Record(WriteSession session, LeadSubmission submission, LeadHistory history, string actor, DateTimeOffset now)
    {
        var engine = session.Published.Engine;
        var lead = engine.Normalizer.Normalize(submission, now);
        var earlierId = (submission.ExternalId is { Length: > 0 } externalId ? session.FindLeadIdByExternalId(externalId.Trim()) : null)
            ?? session.FindLeadIdByEmailAndReceivedAt(lead.Email, lead.ReceivedAt);
        if (earlierId is not null)
        {
            return new IngestResult { Outcome = IngestOutcome.Replayed, LeadId = earlierId };
        }

        var owner = history.Owner is { } ownerText ? Roster.Of(engine.Organisation).Find(ownerText) : null;
        var stage = history.Status?.Stage ?? LeadStage.Assigned;
        if (owner is null && stage is LeadStage.Assigned or LeadStage.Accepted or LeadStage.Contacted or LeadStage.Qualified)
        {
            // Every open lead has an owner or waits in a queue: without a rep this one waits for a manager.
            stage = LeadStage.Unassigned;
        }

        var classification = engine.Classify(lead, lead.ReceivedAt);
        var entity = LeadRecorder.NewLead(lead, now);
        entity.Stage = stage;
        LeadRecorder.SetClassification(entity, classification);
        entity.TeamId = owner?.Team.Team.Id.Value ?? classification.TeamId?.Value;
        entity.OwnerId = owner?.Id.Value;

        // The CRM gave the lead its owner when it was created, as far as an export tells.
        entity.AssignedAt = owner is null ? null : lead.ReceivedAt;
        entity.AcceptedAt = owner is not null && stage is LeadStage.Accepted or LeadStage.Contacted or LeadStage.Qualified or LeadStage.Converted
            ? history.FirstTouchAt ?? lead.ReceivedAt
            : null;
        entity.FirstTouchAt = history.FirstTouchAt;

        // A closed row without a closed date closed at the last moment the row knows of: its first touch, else its receipt.
        entity.ClosedAt = stage.IsClosed() ? history.ClosedAt ?? history.FirstTouchAt ?? lead.ReceivedAt : null;

        session.InsertLead(entity);
        session.InsertSignals(entity.Id, lead.Signals);
        if (owner is not null && LeadStages.Worked.Contains(stage))
        {
            session.AddOpenLead(owner.Id.Value);
        }

        // A dry run writes what the rows after this one read (the lead, its signals, the owner's load), not the events.
        if (session.KeepsRecords)
        {
            WriteEvents(session, entity, lead, owner, history, stage, actor, now);
        }

        return new IngestResult
        {
            Outcome = IngestOutcome.Created,
            LeadId = entity.Id,
            Stage = stage,
            UnknownOwner = owner is null ? history.Owner : null,
        };
    }

    private static void WriteEvents(
        WriteSession session, LeadEntity entity, Lead lead, RepInfo? owner, LeadHistory history, LeadStage stage, string actor, DateTimeOffset now)
    {
        session.InsertAuditEvent(new AuditEventEntity
        {
            LeadId = entity.Id,
            At = now,
            Actor = actor,
            Type = ImportedEvent,
            Detail = $"Imported as history: {stage}, received {lead.ReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, " +
                (owner is not null ? $"owner {owner.Rep.Name}" : history.Owner is { } unknown ? $"owner '{unknown}' is not a rep here" : "no owner"),
        });
        if (entity.ClosedAt is { } closedAt)
        {
            // Where an outcome's reason lives for a lead worked here (LeadActionsService.RecordOutcomeAsync): its Outcome event.
            session.InsertAuditEvent(new AuditEventEntity
            {
                LeadId = entity.Id,
                At = closedAt,
                Actor = actor,
                Type = LeadEventKind.Outcome.ToString(),
                Detail = $"{stage} (imported from history)" + (history.LossReason is { } reason ? $": {reason}" : ""),
            });
        }
    }

    /// <summary>
    /// The published roster by id, email and exact name. A name two reps share names neither: the owner stays unknown
    /// rather than guessed. Inactive reps count: a lead is history's, and who owned it then may have left since.
    /// </summary>
    private sealed class Roster
    {
        private static readonly ConditionalWeakTable<CompiledOrganisation, Roster> Built = [];

        private readonly Dictionary<string, RepInfo?> _byKey = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, RepInfo> _byId = new(StringComparer.Ordinal);

        private Roster(CompiledOrganisation organisation)
        {
            foreach (var rep in organisation.Reps)
            {
                _byId[rep.Id.Value] = rep;
                foreach (var key in new[] { rep.Rep.Email, TextRules.Nfc(rep.Rep.Name.Trim()) }.OfType<string>())
                {
                    // Two reps answering to one key: the key is ambiguous and finds nobody.
                    _byKey[key] = _byKey.TryGetValue(key, out var other) && other != rep ? null : rep;
                }
            }
        }

        public static Roster Of(CompiledOrganisation organisation) => Built.GetValue(organisation, o => new Roster(o));

        public RepInfo? Find(string owner)
        {
            var key = TextRules.Nfc(owner.Trim());
            return _byId.GetValueOrDefault(key) ?? _byKey.GetValueOrDefault(key);
        }
    }
}
