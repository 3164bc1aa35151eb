using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;

namespace LeadRouting.Web.Booking;

public sealed partial class BookingEffects
{
    /// <summary>The audit event type of a meeting the buyer moved.</summary>
    public const string RescheduledAuditType = "MeetingRescheduled";

    /// <summary>The marker that makes one move's effects happen once: per meeting and SEQUENCE (a <c>LeadNudges</c> key).</summary>
    public static string MovedMarker(string meetingId, int sequence) => string.Create(CultureInfo.InvariantCulture, $"moved@{meetingId}#{sequence}");

    /// <summary>
    /// Applies the effects of <paramref name="meeting"/>, just moved by the buyer from <paramref name="previousStart"/>:
    /// the rep's open meeting task is replaced by one due at the new time, the history says from when to when, and the
    /// outbox event <see cref="LeadEventKind.MeetingRescheduled"/> updates the live views and sends the updated invitation
    /// (same UID, the raised SEQUENCE) to buyer and rep. True when this call applied them; once per move.
    /// </summary>
    /// <remarks>
    /// The response clock is untouched: the first booking already stopped it, and moving a meeting is not a new response.
    /// </remarks>
    public async Task<bool> OnRescheduledAsync(MeetingEntity meeting, DateTimeOffset previousStart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        return await writer.WriteAsync(session =>
        {
            var now = time.GetUtcNow();
            if (session.FindLead(meeting.LeadId) is not { } lead || !session.ClaimNudge(lead.Id, MovedMarker(meeting.Id, meeting.Sequence), now))
            {
                return false;
            }

            var rep = session.Published.Engine.Organisation.FindRep(new RepId(meeting.RepId));
            var repName = rep?.Rep.Name ?? meeting.RepId;
            ReplaceWithMeetingTask(session, lead, meeting, rep?.Calendar.TimeZone, now, previousDone: false);
            session.InsertAuditEvent(new AuditEventEntity
            {
                LeadId = lead.Id,
                At = now,
                Actor = BuyerActor,
                Type = RescheduledAuditType,
                Detail = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Meeting with {repName} moved by the buyer from {previousStart.UtcDateTime:yyyy-MM-dd HH:mm} UTC to {meeting.StartUtc.UtcDateTime:yyyy-MM-dd HH:mm} UTC"),
            });
            LeadRecorder.WriteOutbox(session, LeadRecorder.EventFor(lead, LeadEventKind.MeetingRescheduled, BuyerActor, now) with
            {
                OwnerName = rep?.Rep.Name,
                Team = rep?.Team.Team.Name,
                Meeting = new MeetingNotice(meeting.Id, meeting.RepId, meeting.StartUtc, meeting.EndUtc),
            });
            return true;
        }, cancellationToken);
    }
}
