using LeadRouting.Web.Security;

namespace LeadRouting.Web.Booking;

/// <summary>Why marking a meeting's outcome was refused; null when it was marked.</summary>
public enum MeetingOutcomeProblem
{
    NotAllowed,
    NoSuchMeeting,
    NotYetStarted,
    Cancelled,
}

/// <summary>
/// The rep marks a booked meeting held or no-show once it has started (issue 20: analytics counts them). Allowed to the
/// meeting's rep and to managers; a mark can be corrected (held ↔ no-show) but a cancelled meeting has no outcome.
/// Every mark is audited on the lead.
/// </summary>
public sealed class MeetingOutcomes(IDbContextFactory<LeadRoutingDbContext> dbFactory, TimeProvider time)
{
    public const string AuditType = "MeetingOutcomeMarked";

    public async Task<MeetingOutcomeProblem?> MarkAsync(SignedInUser? user, string meetingId, bool held, CancellationToken cancellationToken)
    {
        if (user is null)
        {
            return MeetingOutcomeProblem.NotAllowed;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return MeetingOutcomeProblem.NoSuchMeeting;
        }

        if (meeting.RepId != user.RepId && !user.Roles.Contains(LeadRoutingRoles.Manager))
        {
            return MeetingOutcomeProblem.NotAllowed;
        }

        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return MeetingOutcomeProblem.Cancelled;
        }

        var now = time.GetUtcNow();
        if (meeting.StartUtc > now)
        {
            return MeetingOutcomeProblem.NotYetStarted;
        }

        var outcome = held ? MeetingStatus.Held : MeetingStatus.NoShow;
        if (meeting.Status != outcome)
        {
            var before = meeting.Status;
            meeting.Status = outcome;
            db.AuditEvents.Add(new AuditEventEntity
            {
                LeadId = meeting.LeadId,
                At = now,
                Actor = user.Email,
                Type = AuditType,
                Detail = $"Meeting {meeting.Id} ({meeting.StartUtc:yyyy-MM-dd HH:mm} UTC, rep {meeting.RepId}): {before} → {outcome}.",
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        return null;
    }
}
