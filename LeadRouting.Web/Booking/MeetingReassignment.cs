using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Booking;

/// <summary>What one run of <see cref="MeetingReassignment.RunAsync"/> did.</summary>
public sealed record MeetingReassignmentReport(int Found, int HandedOver, int NeedReview)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Found} meeting(s) with an absent rep: {HandedOver} handed over, {NeedReview} left for a manager");
}

/// <summary>
/// A rep's later absence reassigns their meetings (issue 20, README "Booking: when the owner can't"): every booked future
/// meeting whose rep is out of office at its start goes to the first equally eligible rep of the lead's pool free at
/// that time (<see cref="BookingSlots.FreePoolRepAtAsync"/>, the pool's fairness order), same time for the buyer
/// (<see cref="BookingStore.TryReassignAsync"/>), and the lead goes with it (<see cref="BookingEffects.OnHandedOverAsync"/>).
/// When nobody is free the meeting stays and the team's manager is notified once (<see cref="BookingEffects.OnNobodyFreeAsync"/>).
/// </summary>
/// <remarks>
/// Run every few minutes by <c>MeetingReassignmentJob</c> (any path that writes <c>RepStates</c> is covered) and right
/// after a manager sets a rep out of office (<see cref="IRepAvailabilityObserver"/>). Idempotent: a handed-over meeting
/// belongs to a rep who is not absent, and the effects of each hand-over and each notice are claimed once per meeting
/// and SEQUENCE; two runs at once get one winner per meeting from the store's conditional move.
/// </remarks>
public sealed class MeetingReassignment(
    IDbContextFactory<LeadRoutingDbContext> dbFactory, BookingSlots slots, BookingStore store, BookingEffects effects, TimeProvider time,
    ILogger<MeetingReassignment> logger) : IRepAvailabilityObserver
{
    /// <summary>Hands over the meetings whose rep is absent at their time; only <paramref name="repId"/>'s when given.</summary>
    public async Task<MeetingReassignmentReport> RunAsync(string? repId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<MeetingEntity> meetings;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var absent = await db.RepStates.AsNoTracking()
                .Where(s => (repId == null || s.RepId == repId) && s.Availability == Availability.OutOfOffice && (s.OutOfOfficeUntil == null || s.OutOfOfficeUntil > now))
                .Select(s => new { s.RepId, s.OutOfOfficeUntil })
                .ToListAsync(cancellationToken);
            if (absent.Count == 0)
            {
                return new MeetingReassignmentReport(0, 0, 0);
            }

            var ids = absent.Select(a => a.RepId).ToList();
            var candidates = await db.Meetings.AsNoTracking()
                .Where(m => ids.Contains(m.RepId) && m.Status == MeetingStatus.Booked && m.StartUtc > now)
                .ToListAsync(cancellationToken);
            // Absent at the meeting's time: out of office from now until after its start (or without an end).
            meetings = [.. candidates
                .Where(m => absent.Any(a => a.RepId == m.RepId && (a.OutOfOfficeUntil is not { } until || until > m.StartUtc)))
                .OrderBy(m => m.StartUtc)
                .ThenBy(m => m.Id, StringComparer.Ordinal)];
        }

        var policy = await slots.PolicyAsync(cancellationToken);
        var buffer = policy.BufferBefore > policy.BufferAfter ? policy.BufferBefore : policy.BufferAfter;
        var (handedOver, review) = (0, 0);
        foreach (var meeting in meetings)
        {
            var absentRep = meeting.RepId;
            if (await slots.FreePoolRepAtAsync(meeting.LeadId, absentRep, meeting.StartUtc, meeting.Id, cancellationToken) is { } free
                && await store.TryReassignAsync(meeting.Id, absentRep, free.Rep.Value, buffer, cancellationToken) is BookingOutcome.Booked moved)
            {
                await effects.OnHandedOverAsync(moved.Meeting, absentRep, free.Pool, cancellationToken);
                handedOver++;
                logger.LogInformation("Meeting {Meeting} handed from {From} to {To} (out of office).", meeting.Id, absentRep, free.Rep.Value);
                continue;
            }

            // Nobody free then (or the one found was taken a moment ago: the next run tries again).
            if (await effects.OnNobodyFreeAsync(meeting, cancellationToken))
            {
                review++;
            }
        }

        return new MeetingReassignmentReport(meetings.Count, handedOver, review);
    }

    /// <summary>
    /// Right after a rep is set out of office: their meetings at once, not at the next run of the job. A failure here
    /// (storage unavailable) does not undo the availability just stored: it is logged and the job's next run retries.
    /// </summary>
    public async Task AvailabilityChangedAsync(string repId, Availability availability, CancellationToken cancellationToken)
    {
        if (availability != Availability.OutOfOffice)
        {
            return;
        }

        try
        {
            await RunAsync(repId, cancellationToken);
        }
        catch (Exception failure) when (failure is Data.StorageUnavailableException or DbUpdateException or TimeoutException)
        {
            logger.LogWarning(failure, "Handing over the meetings of {Rep} failed; the next run of the job retries.", repId);
        }
    }
}
