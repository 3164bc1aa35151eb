using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;

namespace LeadRouting.Web.Booking;

public sealed partial class BookingEffects
{
    /// <summary>The audit event type of a lead that moved to the rep whose slot the buyer booked, or who took over the meeting.</summary>
    public const string MovedForMeetingAuditType = "OwnerMovedForMeeting";

    /// <summary>The audit event type of a meeting handed to another rep of the pool because its rep is out of office.</summary>
    public const string HandedOverAuditType = "MeetingReassigned";

    /// <summary>The audit event type of a meeting whose rep is out of office and that nobody of the pool can take: a manager decides.</summary>
    public const string NeedsReviewAuditType = "MeetingNeedsReview";

    /// <summary>Why the lead moved when the buyer booked another rep's slot (history and notification).</summary>
    public const string NoFreeSlotReason = "owner had no free slot";

    /// <summary>Who the history names for what the hand-over of meetings (<see cref="MeetingReassignment"/>) did.</summary>
    public const string SystemActor = "system";

    /// <summary>The marker that makes one hand-over's effects happen once: per meeting and SEQUENCE.</summary>
    public static string HandedOverMarker(string meetingId, int sequence) => string.Create(CultureInfo.InvariantCulture, $"handed@{meetingId}#{sequence}");

    /// <summary>The marker that makes the manager's notice about a meeting nobody can take happen once per meeting and SEQUENCE.</summary>
    public static string NeedsReviewMarker(string meetingId, int sequence) => string.Create(CultureInfo.InvariantCulture, $"review@{meetingId}#{sequence}");

    /// <summary>
    /// The buyer booked <paramref name="meeting"/> with a rep of the lead's <paramref name="pool"/> other than its owner
    /// (the owner had no free slot): the lead moves to that rep, audited (who: the buyer's link; from, to, why), with a
    /// <see cref="LeadEventKind.Reassigned"/> outbox event (live views, the new owner's and the manager's notifications,
    /// the previous owner's live notice), the loads move, and a round-robin pool's ledger counts the lead for the new
    /// owner as a pick of the pool would (and, when the old owner's assignment was the pool's pick, credits it back to
    /// them). Call before <see cref="OnBookedAsync"/>, which then counts the booking as the new owner's first response.
    /// True when the lead moved (false: gone, or already the rep's).
    /// </summary>
    public Task<bool> OnBookedWithPoolRepAsync(MeetingEntity meeting, BookingPool pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(pool);
        return writer.WriteAsync(session =>
        {
            var now = time.GetUtcNow();
            if (session.FindLead(meeting.LeadId) is not { } lead || lead.OwnerId == meeting.RepId
                || session.Published.Engine.Organisation.FindRep(new RepId(meeting.RepId)) is not { } rep)
            {
                return false;
            }

            MoveLead(session, lead, rep, pool, BuyerActor, NoFreeSlotReason, now);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// <paramref name="meeting"/> was just handed from <paramref name="absentRepId"/> (out of office at its time) to its
    /// new rep, same time (<see cref="BookingStore.TryReassignAsync"/>): the lead moves with it when the absent rep owned
    /// it (audited, as <see cref="OnBookedWithPoolRepAsync"/>), the meeting task is the new rep's, the history says so, and
    /// the outbox event <see cref="LeadEventKind.MeetingReassigned"/> sends the cancellation to the absent rep and the
    /// updated invitation (same UID, SEQUENCE raised, the new rep as organizer) to buyer and new rep. Once per hand-over.
    /// </summary>
    public Task<bool> OnHandedOverAsync(MeetingEntity meeting, string absentRepId, BookingPool pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(pool);
        return writer.WriteAsync(session =>
        {
            var now = time.GetUtcNow();
            if (session.FindLead(meeting.LeadId) is not { } lead || !session.ClaimNudge(lead.Id, HandedOverMarker(meeting.Id, meeting.Sequence), now))
            {
                return false;
            }

            var organisation = session.Published.Engine.Organisation;
            var rep = organisation.FindRep(new RepId(meeting.RepId));
            var absentName = organisation.FindRep(new RepId(absentRepId))?.Rep.Name ?? absentRepId;
            var why = $"{absentName} is out of office at the meeting's time";
            if (rep is not null && lead.OwnerId == absentRepId)
            {
                MoveLead(session, lead, rep, pool, SystemActor, why, now);
            }

            ReplaceWithMeetingTask(session, lead, meeting, rep?.Calendar.TimeZone, now, previousDone: false);
            var repName = rep?.Rep.Name ?? meeting.RepId;
            session.InsertAuditEvent(new AuditEventEntity
            {
                LeadId = lead.Id,
                At = now,
                Actor = SystemActor,
                Type = HandedOverAuditType,
                Detail = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Meeting of {meeting.StartUtc.UtcDateTime:yyyy-MM-dd HH:mm} UTC handed from {absentName} to {repName} ({pool.Description}): {why}"),
            });
            LeadRecorder.WriteOutbox(session, LeadRecorder.EventFor(lead, LeadEventKind.MeetingReassigned, SystemActor, now) with
            {
                OwnerName = rep?.Rep.Name,
                Team = rep?.Team.Team.Name,
                PreviousOwnerId = absentRepId,
                Reason = why,
                Meeting = new MeetingNotice(meeting.Id, meeting.RepId, meeting.StartUtc, meeting.EndUtc),
            });
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// <paramref name="meeting"/>'s rep is out of office at its time and no equally eligible rep of the pool is free then:
    /// the meeting stays as booked (the buyer is told nothing yet), the history says so, and the manager of the rep's team
    /// gets a <see cref="LeadEventKind.ManagerNotice"/> through the usual notifications to decide (move it, cancel it, or
    /// ask the rep). Once per meeting and SEQUENCE; true when this call wrote it.
    /// </summary>
    public Task<bool> OnNobodyFreeAsync(MeetingEntity meeting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        return writer.WriteAsync(session =>
        {
            var now = time.GetUtcNow();
            if (session.FindLead(meeting.LeadId) is not { } lead || !session.ClaimNudge(lead.Id, NeedsReviewMarker(meeting.Id, meeting.Sequence), now))
            {
                return false;
            }

            var rep = session.Published.Engine.Organisation.FindRep(new RepId(meeting.RepId));
            var repName = rep?.Rep.Name ?? meeting.RepId;
            var reason = string.Create(
                CultureInfo.InvariantCulture,
                $"Meeting of {meeting.StartUtc.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {repName} is out of office then and nobody of the pool is free; review it");
            session.InsertAuditEvent(new AuditEventEntity { LeadId = lead.Id, At = now, Actor = SystemActor, Type = NeedsReviewAuditType, Detail = reason });
            var manager = rep?.Team.Manager ?? (null, null);
            session.InsertAuditEvent(new AuditEventEntity { LeadId = lead.Id, At = now, Actor = SystemActor, Type = "ManagerNotified", Detail = $"{reason}: {manager.Name ?? "no manager configured"}" });
            LeadRecorder.WriteOutbox(session, LeadRecorder.EventFor(lead, LeadEventKind.ManagerNotice, SystemActor, now) with
            {
                OwnerName = rep?.Rep.Name,
                Team = rep?.Team.Team.Name,
                TeamId = rep?.Team.Team.Id.Value ?? lead.TeamId,
                Reason = reason,
                ManagerName = manager.Name,
                ManagerEmail = manager.Email,
                Meeting = new MeetingNotice(meeting.Id, meeting.RepId, meeting.StartUtc, meeting.EndUtc),
            });
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Moves <paramref name="lead"/> to <paramref name="rep"/> inside the write: owner and team, who and why, loads,
    /// the pool's ledger, history and the <see cref="LeadEventKind.Reassigned"/> event. A lead not yet accepted is
    /// accepted for the new owner (a booked meeting leaves nothing to accept, as <see cref="OnBookedAsync"/> does for the
    /// owner); its response clock is left to the booking (first response) or was stopped by it already.
    /// </summary>
    private static void MoveLead(WriteSession session, LeadEntity lead, RepInfo rep, BookingPool pool, string actor, string reason, DateTimeOffset now)
    {
        var previousOwner = lead.OwnerId;
        var organisation = session.Published.Engine.Organisation;
        var previousName = previousOwner is null ? null : organisation.FindRep(new RepId(previousOwner))?.Rep.Name ?? previousOwner;
        lead.OwnerId = rep.Id.Value;
        lead.TeamId = rep.Team.Team.Id.Value;
        lead.AssignedAt = now;
        lead.AssignedBy = actor;
        lead.AssignmentReason = reason;
        if (lead.Stage == LeadStage.Assigned)
        {
            lead.Stage = LeadStage.Accepted;
            lead.AcceptedAt = now;
        }

        lead.UpdatedAt = now;
        if (previousOwner is not null)
        {
            session.RemoveOpenLead(previousOwner);
        }

        session.AddOpenLead(rep.Id.Value);
        var ledger = "";
        if (pool.RoundRobin && pool.Key is { } key && FindPool(session, key) is { } roster)
        {
            // Counted as the pool's pick of the new owner, with the roster as it stands: the ledger and the rotation move
            // exactly as if round robin had given the lead to them.
            var move = WeightedRoundRobin.Pick(key, [rep], new PoolState(session), roster.Reps);
            session.MoveRoundRobin(move);
            if (session.KeepsRecords)
            {
                session.InsertPoolPick(move, lead.Id, now);
            }

            ledger = "; counted for the new owner in the pool's ledger";
            if (pool.OwnerPicked && previousOwner is not null && roster.Reps.FirstOrDefault(r => r.Id.Value == previousOwner) is { } previous)
            {
                // The old owner's pick of this lead stays in the ledger; a credit of one lead makes it even.
                session.AdjustShare(
                    new ShareAdjustmentEntity
                    {
                        PoolKey = key,
                        RepId = previousOwner,
                        Leads = 1,
                        Reason = $"lead {lead.Id} moved to {rep.Rep.Name} with its meeting ({reason})",
                        Actor = actor,
                        At = now,
                    },
                    previous.Rep.Weight,
                    roster.Reps.Sum(r => r.Rep.Weight));
                ledger += $", one lead credited back to {previousName}";
            }
        }

        session.UpdateLead(lead);
        session.InsertAuditEvent(new AuditEventEntity
        {
            LeadId = lead.Id,
            At = now,
            Actor = actor,
            Type = MovedForMeetingAuditType,
            Detail = $"moved to {rep.Rep.Name}" + (previousOwner is null ? "" : $" (was {previousName})") + $" by {actor}: {reason}{ledger}",
        });
        LeadRecorder.WriteOutbox(session, LeadRecorder.EventFor(lead, LeadEventKind.Reassigned, actor, now) with
        {
            OwnerName = rep.Rep.Name,
            Team = rep.Team.Team.Name,
            PreviousOwnerId = previousOwner,
            Reason = reason,
        });
    }

    private static RepPool? FindPool(WriteSession session, string key) =>
        session.Published.Engine.Organisation.Teams
            .SelectMany(t => new[] { t.SdrPool, t.BackupPool }.Concat(t.TierPools.SelectMany(p => p.Fallback is null ? [p.Primary] : new[] { p.Primary, p.Fallback })))
            .FirstOrDefault(p => p.Key == key);

    /// <summary>The round-robin state of pools as the writer reads it, for a pick of a rep the booking chose (nothing else is asked).</summary>
    private sealed class PoolState(WriteSession session) : IRoutingState
    {
        private readonly Dictionary<string, ((long VirtualTime, long Accrued) Pool, Dictionary<string, StoredPass> Passes)> _pools = new(StringComparer.Ordinal);

        public RepStatus GetRepStatus(RepId rep) => session.FindRepStatus(rep.Value) ?? RepStatus.Default;

        public AccountRecord? FindAccount(string domain) => null;

        public ExistingLead? FindOpenLeadByEmail(string email, DateTimeOffset receivedSince) => null;

        public ExistingLead? FindOpenAssignedLeadByDomain(string domain) => null;

        public long? GetPass(string poolKey, RepId rep) => Pool(poolKey).Passes.TryGetValue(rep.Value, out var pass) ? pass.Pass : null;

        public long GetCredit(string poolKey, RepId rep) => Pool(poolKey).Passes.TryGetValue(rep.Value, out var pass) ? pass.Credit : 0;

        public long? GetTaken(string poolKey, RepId rep) => Pool(poolKey).Passes.TryGetValue(rep.Value, out var pass) ? pass.Taken : null;

        public long GetVirtualTime(string poolKey) => Pool(poolKey).Pool.VirtualTime;

        public long GetAccrued(string poolKey) => Pool(poolKey).Pool.Accrued;

        public MakeUpPolicy GetMakeUp(string poolKey) => session.MakeUpOf(poolKey);

        private ((long VirtualTime, long Accrued) Pool, Dictionary<string, StoredPass> Passes) Pool(string poolKey)
        {
            if (!_pools.TryGetValue(poolKey, out var pool))
            {
                pool = (session.FindPool(poolKey) ?? (0, 0), session.PassesOf(poolKey));
                _pools[poolKey] = pool;
            }

            return pool;
        }
    }
}
