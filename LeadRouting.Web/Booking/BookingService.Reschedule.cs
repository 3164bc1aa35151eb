namespace LeadRouting.Web.Booking;

public sealed partial class BookingService
{
    /// <summary>
    /// Moves the lead's booked meeting <paramref name="meetingId"/> to the free slot starting at <paramref name="start"/>
    /// (the meeting's own time counts as free) with the same rep: <see cref="BookingAttempt.Booked"/> with the moved
    /// meeting, its SEQUENCE raised, updated invitations to buyer and rep, the rep's task moved, a history entry.
    /// <see cref="BookingAttempt.NotASlot"/> also answers a meeting that is not the lead's booked one any more
    /// (cancelled, held) — the caller cannot tell the two apart from the link alone, and neither can be moved.
    /// </summary>
    /// <remarks>
    /// The meeting stays with its rep: the buyer moves the time, not the person; a <paramref name="repId"/> the client
    /// named (the slot's <c>repId</c>) other than the meeting's own rep is not a slot. Moving to the same start changes nothing
    /// and answers the meeting as it is.
    /// </remarks>
    public async Task<BookingAttempt> RescheduleAsync(
        string leadId, string meetingId, DateTimeOffset start, string? repId, string? buyerTimeZone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        ArgumentException.ThrowIfNullOrEmpty(meetingId);
        MeetingEntity? current;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            current = await db.Meetings.AsNoTracking()
                .SingleOrDefaultAsync(m => m.Id == meetingId && m.LeadId == leadId && m.Status == MeetingStatus.Booked, cancellationToken);
        }

        if (current is null)
        {
            return new BookingAttempt.MeetingGone();
        }

        if (repId is not null && repId != current.RepId)
        {
            return new BookingAttempt.NotASlot();
        }

        if (current.StartUtc == start)
        {
            return new BookingAttempt.Booked(current);
        }

        var found = await CheckAsync(leadId, start, meetingId, cancellationToken);
        if (found is not BookingSlotsResult.Found { } free)
        {
            return found is BookingSlotsResult.NotBookable no ? new BookingAttempt.NotBookable(no.Reason) : new BookingAttempt.LeadGone();
        }

        var policy = free.Policy;
        var buffer = policy.BufferBefore > policy.BufferAfter ? policy.BufferBefore : policy.BufferAfter;
        if (free.Slots.FirstOrDefault(s => s.Start == start && s.RepId.Value == current.RepId) is not { } slot)
        {
            return await TakenOrNotASlotAsync(current.RepId, start, policy.Duration, buffer, meetingId, cancellationToken);
        }

        switch (await store.TryRescheduleAsync(leadId, meetingId, slot.Start, slot.End, buffer, buyerTimeZone, cancellationToken))
        {
            case BookingOutcome.Booked moved:
                await effects.OnRescheduledAsync(moved.Meeting, current.StartUtc, cancellationToken);
                return new BookingAttempt.Booked(moved.Meeting);
            case BookingOutcome.SlotTaken:
                return new BookingAttempt.SlotTaken();
            case BookingOutcome.MeetingGone:
                return new BookingAttempt.MeetingGone();
            default:
                return new BookingAttempt.LeadGone();
        }
    }
}
