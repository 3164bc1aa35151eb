using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;

namespace LeadRouting.Web.Booking;

/// <summary>How a cancellation through the buyer's link ended.</summary>
public enum MeetingCancelOutcome
{
    /// <summary>This call cancelled the meeting: its time is free, history written, cancellations on their way.</summary>
    Cancelled,

    /// <summary>It was cancelled before (a second click, a replayed request): nothing changed.</summary>
    AlreadyCancelled,

    /// <summary>No meeting of that id belongs to the link's lead (or it was held / a no-show: past changing).</summary>
    NotFound,
}

/// <summary>
/// What a booked meeting does beyond its row (issue 20): the response clock stops (Met), the rep gets a task, the lead's
/// history says so, and buyer and rep get iCalendar invitations by email with reschedule and cancel links; and what a
/// cancellation does.
/// </summary>
/// <remarks>
/// Every change is one write on the <see cref="LeadWriter"/> (serialised with ingestion and the reps' actions) with its
/// audit event and outbox message in the same transaction. The outbox message (<see cref="LeadEventKind.MeetingBooked"/>,
/// <see cref="LeadEventKind.MeetingCancelled"/>) updates the live views and the hub like every lead change, and its
/// invitation emails are durable deliveries of the <see cref="InvitationChannel"/>, retried like every notification, so a
/// mail server that is down loses neither the booking nor the invitation.
/// <para>
/// Exactly once: the booking's effects claim the marker <c>booked@{meetingId}</c> in <c>LeadNudges</c> (a conditional
/// insert, rows affected checked, rolled back with a failed write), so a second call — a retried request, two
/// instances — changes nothing. A cancellation is the conditional update Booked → Cancelled of the meeting in the same
/// write: only the call that changed the row writes history and sends cancellations.
/// </para>
/// </remarks>
public sealed partial class BookingEffects(LeadWriter writer, IDbContextFactory<LeadRoutingDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Who the history names for what the buyer did through the booking link.</summary>
    public const string BuyerActor = "buyer (booking link)";

    /// <summary>The audit event type of a booking in the lead's history.</summary>
    public const string BookedAuditType = "MeetingBooked";

    /// <summary>The audit event type of a cancellation in the lead's history.</summary>
    public const string CancelledAuditType = "MeetingCancelled";

    /// <summary>The marker that makes a meeting's booking effects happen once (a <c>LeadNudges</c> key, at most 64 characters).</summary>
    public static string BookedMarker(string meetingId) => $"booked@{meetingId}";

    /// <summary>
    /// Applies the effects of <paramref name="meeting"/>, just booked for its lead: true when this call applied them,
    /// false when they were applied before or the lead is gone.
    /// </summary>
    /// <remarks>
    /// A lead the owner had not accepted yet is accepted for them: the buyer put a meeting in the owner's calendar, so
    /// there is nothing left to accept, and leaving it Assigned would let the acceptance window reassign a lead with a
    /// booked meeting. The booking is the lead's first response (the same rule as a rep's first touch: Met when at or
    /// before <c>RespondBy</c>); the open next step is done and the meeting is the new one. The stage moves no further
    /// (Contacted is the rep's own touch).
    /// </remarks>
    public async Task OnBookedAsync(MeetingEntity meeting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var firstResponse = await writer.WriteAsync<ResponseStatus?>(session =>
        {
            var now = time.GetUtcNow();
            if (session.FindLead(meeting.LeadId) is not { } lead || !session.ClaimNudge(lead.Id, BookedMarker(meeting.Id), now))
            {
                return null;
            }

            var rep = session.Published.Engine.Organisation.FindRep(new RepId(meeting.RepId));
            var repName = rep?.Rep.Name ?? meeting.RepId;
            var detail = string.Create(CultureInfo.InvariantCulture, $"Meeting booked by the buyer for {meeting.StartUtc.UtcDateTime:yyyy-MM-dd HH:mm} UTC with {repName}");
            ResponseStatus? counted = null;
            if (lead.FirstTouchAt is null && lead.OwnerId == meeting.RepId)
            {
                lead.FirstTouchAt = now;
                lead.ResponseStatus = EscalationRules.FirstTouch(lead.RespondBy, now);
                counted = lead.ResponseStatus;
                lead.EscalateAt = null;
                detail += lead.ResponseStatus == ResponseStatus.Met ? "; first response within target" : "; first response after the target";
            }

            if (lead.Stage == LeadStage.Assigned && lead.OwnerId == meeting.RepId)
            {
                lead.Stage = LeadStage.Accepted;
                lead.AcceptedAt = now;
            }

            ReplaceWithMeetingTask(session, lead, meeting, rep?.Calendar.TimeZone, now, previousDone: true);
            lead.UpdatedAt = now;
            session.UpdateLead(lead);
            session.InsertAuditEvent(new AuditEventEntity { LeadId = lead.Id, At = now, Actor = BuyerActor, Type = BookedAuditType, Detail = detail });
            LeadRecorder.WriteOutbox(session, LeadRecorder.EventFor(lead, LeadEventKind.MeetingBooked, BuyerActor, now) with
            {
                OwnerName = rep?.Rep.Name,
                Team = rep?.Team.Team.Name,
                Meeting = new MeetingNotice(meeting.Id, meeting.RepId, meeting.StartUtc, meeting.EndUtc),
            });
            return counted;
        }, cancellationToken);
        if (firstResponse is { } status)
        {
            Telemetry.LeadRoutingMetrics.CountSla(status);
        }
    }

    /// <summary>
    /// Cancels meeting <paramref name="meetingId"/> of lead <paramref name="leadId"/> (the buyer's link): Booked →
    /// Cancelled, its time free again, the rep's open meeting task cancelled, history written and cancellations sent.
    /// </summary>
    public async Task<MeetingCancelOutcome> CancelAsync(string leadId, string meetingId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId && m.LeadId == leadId, cancellationToken);
        if (meeting is null || meeting.Status is MeetingStatus.Held or MeetingStatus.NoShow)
        {
            return MeetingCancelOutcome.NotFound;
        }

        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return MeetingCancelOutcome.AlreadyCancelled;
        }

        return await writer.WriteAsync(session =>
        {
            var now = time.GetUtcNow();
            if (session.FindLead(leadId) is not { } lead)
            {
                return MeetingCancelOutcome.NotFound;
            }

            // The conditional update decides: of two cancellations at once only one changes the row and goes on.
            if (!session.CancelMeeting(meetingId, leadId, now))
            {
                return MeetingCancelOutcome.AlreadyCancelled;
            }

            // The open next step is the meeting the booking gave the rep; the response clock stays stopped, so no new
            // first-response task replaces it.
            session.CloseOpenTasks(lead.Id, now, completed: false);
            var repName = session.Published.Engine.Organisation.FindRep(new RepId(meeting.RepId))?.Rep.Name ?? meeting.RepId;
            session.InsertAuditEvent(new AuditEventEntity
            {
                LeadId = lead.Id,
                At = now,
                Actor = BuyerActor,
                Type = CancelledAuditType,
                Detail = string.Create(CultureInfo.InvariantCulture, $"Meeting of {meeting.StartUtc.UtcDateTime:yyyy-MM-dd HH:mm} UTC with {repName} cancelled by the buyer"),
            });
            LeadRecorder.WriteOutbox(session, LeadRecorder.EventFor(lead, LeadEventKind.MeetingCancelled, BuyerActor, now) with
            {
                Meeting = new MeetingNotice(meeting.Id, meeting.RepId, meeting.StartUtc, meeting.EndUtc),
            });
            return MeetingCancelOutcome.Cancelled;
        }, cancellationToken);
    }

    /// <summary>
    /// The lead's open next step gives way (done when <paramref name="previousDone"/>: the booking answered it; else
    /// cancelled) to the task "Meeting with …" for the meeting's rep, due when the meeting starts: what a booking, a
    /// move and a hand-over each leave on the lead.
    /// </summary>
    private static void ReplaceWithMeetingTask(
        WriteSession session, LeadEntity lead, MeetingEntity meeting, TimeZoneInfo? repZone, DateTimeOffset now, bool previousDone)
    {
        session.CloseOpenTasks(lead.Id, now, completed: previousDone);
        session.InsertTask(new LeadTaskEntity
        {
            LeadId = lead.Id,
            RepId = meeting.RepId,
            Title = TaskTitle(meeting, LeadRecorder.Contact(lead), repZone),
            DueAt = meeting.StartUtc,
            CreatedAt = now,
        });
    }

    /// <summary>"Meeting with Jana Richter on 2026-12-02 10:00 (Europe/Berlin)": the rep's zone, in a form both languages read.</summary>
    internal static string TaskTitle(MeetingEntity meeting, string buyer, TimeZoneInfo? repZone)
    {
        var zone = repZone ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(meeting.StartUtc, zone);
        var title = string.Create(CultureInfo.InvariantCulture, $"Meeting with {buyer} on {local:yyyy-MM-dd HH:mm} ({zone.Id})");
        return title.Length <= LeadActionsService.MaxNextStepLength ? title : title[..LeadActionsService.MaxNextStepLength];
    }
}
