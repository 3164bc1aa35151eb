namespace LeadRouting.Web.Booking;

public sealed partial class BookingStore
{
    /// <summary>
    /// Moves the lead's booked meeting <paramref name="meetingId"/> to [<paramref name="start"/>, <paramref name="end"/>)
    /// with the same rep, unless another booked meeting of the rep overlaps it widened by <paramref name="buffer"/> (the
    /// meeting's own old time does not count): the same lock and check as <see cref="TryBookAsync"/>, so a reschedule and
    /// a booking racing for one slot get one winner. The move raises the meeting's <c>Sequence</c> (what calendar clients
    /// read as "this update replaces the invitation you have"); <paramref name="buyerTimeZone"/>, when given, replaces the
    /// stored zone.
    /// </summary>
    public async Task<BookingOutcome> TryRescheduleAsync(
        string leadId, string meetingId, DateTimeOffset start, DateTimeOffset end, TimeSpan buffer, string? buyerTimeZone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        ArgumentException.ThrowIfNullOrEmpty(meetingId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(end, start);
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer, TimeSpan.Zero);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var repId = await db.Meetings.AsNoTracking()
            .Where(m => m.Id == meetingId && m.LeadId == leadId && m.Status == MeetingStatus.Booked)
            .Select(m => m.RepId)
            .SingleOrDefaultAsync(cancellationToken);
        if (repId is null)
        {
            return new BookingOutcome.MeetingGone();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (storage.IsPostgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RepLockClass}, hashtext({repId}))", cancellationToken);
        }

        // Read again under the lock: a cancellation or another move may have come first.
        var meeting = await db.Meetings.SingleOrDefaultAsync(
            m => m.Id == meetingId && m.LeadId == leadId && m.Status == MeetingStatus.Booked && m.RepId == repId, cancellationToken);
        if (meeting is null)
        {
            return new BookingOutcome.MeetingGone();
        }

        if (!await db.Leads.AnyAsync(l => l.Id == leadId && l.ErasedAt == null && l.ClosedAt == null, cancellationToken))
        {
            return new BookingOutcome.LeadGone();
        }

        var (from, until) = (start - buffer, end + buffer);
        if (await db.Meetings.AnyAsync(
                m => m.RepId == repId && m.Status == MeetingStatus.Booked && m.Id != meetingId && m.StartUtc < until && m.EndUtc > from, cancellationToken))
        {
            return new BookingOutcome.SlotTaken();
        }

        meeting.StartUtc = start.ToUniversalTime();
        meeting.EndUtc = end.ToUniversalTime();
        meeting.Sequence += 1;
        meeting.BuyerTimeZone = buyerTimeZone ?? meeting.BuyerTimeZone;
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
