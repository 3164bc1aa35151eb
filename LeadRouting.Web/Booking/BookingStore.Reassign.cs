namespace LeadRouting.Web.Booking;

public sealed partial class BookingStore
{
    /// <summary>
    /// Hands the booked meeting <paramref name="meetingId"/> of <paramref name="fromRepId"/> to <paramref name="toRepId"/> at
    /// the same time (the rep is out of office then), unless a booked meeting of the new rep overlaps it widened by
    /// <paramref name="buffer"/>: under both reps' locks, with the same check as <see cref="TryBookAsync"/>, so a buyer
    /// booking the new rep at that time and this hand-over get one winner. The hand-over raises the meeting's
    /// <c>Sequence</c>; <see cref="BookingOutcome.MeetingGone"/> when the meeting is no longer booked with
    /// <paramref name="fromRepId"/> (cancelled, moved, handed over already).
    /// </summary>
    public async Task<BookingOutcome> TryReassignAsync(string meetingId, string fromRepId, string toRepId, TimeSpan buffer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(meetingId);
        ArgumentException.ThrowIfNullOrEmpty(fromRepId);
        ArgumentException.ThrowIfNullOrEmpty(toRepId);
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer, TimeSpan.Zero);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (storage.IsPostgres)
        {
            // Both reps' locks, in one order (no deadlock with a hand-over the other way): the old rep's keeps a buyer's
            // reschedule of this meeting out, the new rep's a booking of the same time.
            foreach (var rep in new[] { fromRepId, toRepId }.Order(StringComparer.Ordinal))
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RepLockClass}, hashtext({rep}))", cancellationToken);
            }
        }

        var meeting = await db.Meetings.SingleOrDefaultAsync(m => m.Id == meetingId && m.Status == MeetingStatus.Booked && m.RepId == fromRepId, cancellationToken);
        if (meeting is null)
        {
            return new BookingOutcome.MeetingGone();
        }

        var (from, until) = (meeting.StartUtc - buffer, meeting.EndUtc + buffer);
        if (await db.Meetings.AnyAsync(
                m => m.RepId == toRepId && m.Status == MeetingStatus.Booked && m.Id != meetingId && m.StartUtc < until && m.EndUtc > from, cancellationToken))
        {
            return new BookingOutcome.SlotTaken();
        }

        meeting.RepId = toRepId;
        meeting.Sequence += 1;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException failure) when (LeadRoutingStorage.IsUniqueViolation(failure))
        {
            return new BookingOutcome.SlotTaken();
        }

        return new BookingOutcome.Booked(meeting);
    }
}
