using LeadRouting.Core.Booking;
using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Booking;

/// <summary>What <see cref="BookingSlots.ForLeadAsync"/> found for a lead.</summary>
public abstract record BookingSlotsResult
{
    private BookingSlotsResult()
    {
    }

    /// <summary>The owner's free slots under the published <paramref name="Policy"/> (possibly none).</summary>
    public sealed record Found(string LeadId, RepId RepId, BookingPolicy Policy, IReadOnlyList<Slot> Slots) : BookingSlotsResult;

    /// <summary>The lead does not exist any more, was erased or is closed: nothing to book for.</summary>
    public sealed record LeadGone : BookingSlotsResult;

    /// <summary>
    /// Nobody to book with: the lead has no owner (yet), its owner is not in the published configuration, or booking is
    /// switched off (<c>policy.booking.bookableTreatments</c> empty). <paramref name="Reason"/> says which, in English.
    /// </summary>
    public sealed record NotBookable(string Reason) : BookingSlotsResult;
}

/// <summary>
/// The free slots a booking link offers (issue 20): the link's lead → its current owner → the owner's
/// <see cref="RepAvailability"/> → <see cref="SlotFinder.FreeSlots(RepAvailability, BookingPolicy, DateTimeOffset, DateTimeOffset, int?)"/>
/// with the published booking policy. The same answer feeds the slots API, the booking page and the check of a booking.
/// </summary>
/// <remarks>
/// The availability is read fresh on every call (one small query each): the rep's calendar (the rep's own, else the
/// team's, as routing compiles it), out-of-office from the rep's live state (<c>OutOfOfficeUntil</c> after now →
/// [now, until); out of office without an end → the next two years), the rep's booked meetings, and the busy times the
/// calendar feed refresh stored (<c>RepCalendarFeeds.BusyJson</c>; parsed there once per refresh, never here).
/// </remarks>
public sealed class BookingSlots(IDbContextFactory<LeadRoutingDbContext> dbFactory, ConfigurationStore configurations, TimeProvider time)
{
    /// <summary>How far ahead of now an indefinite absence (out of office without an end) blocks.</summary>
    public static readonly TimeSpan IndefiniteAbsence = TimeSpan.FromDays(730);

    /// <summary>The published booking policy.</summary>
    public async Task<BookingPolicy> PolicyAsync(CancellationToken cancellationToken) =>
        (await configurations.CurrentAsync(cancellationToken)).Engine.Configuration.Policy.Booking;

    /// <summary>
    /// The free slots of <paramref name="leadId"/>'s owner starting at or after <paramref name="from"/> (now when null)
    /// over <paramref name="businessDays"/> working days (the policy's horizon when null; 1 to
    /// <see cref="BookingPolicy.MaxHorizonBusinessDays"/>). <paramref name="exceptMeetingId"/> (rescheduling) is a booked
    /// meeting whose own time counts as free.
    /// </summary>
    public async Task<BookingSlotsResult> ForLeadAsync(
        string leadId, DateTimeOffset? from, int? businessDays, CancellationToken cancellationToken, string? exceptMeetingId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lead = await db.Leads.AsNoTracking()
            .Where(l => l.Id == leadId && l.ErasedAt == null && l.ClosedAt == null)
            .Select(l => new { l.OwnerId })
            .SingleOrDefaultAsync(cancellationToken);
        if (lead is null)
        {
            return new BookingSlotsResult.LeadGone();
        }

        var published = await configurations.CurrentAsync(cancellationToken);
        var policy = published.Engine.Configuration.Policy.Booking;
        if (policy.BookableTreatments.Count == 0)
        {
            return new BookingSlotsResult.NotBookable("Booking is switched off (no bookable treatments in the published policy).");
        }

        if (string.IsNullOrEmpty(lead.OwnerId))
        {
            return new BookingSlotsResult.NotBookable("The lead has no owner to book with.");
        }

        if (published.Engine.Organisation.FindRep(new RepId(lead.OwnerId)) is not { } owner)
        {
            return new BookingSlotsResult.NotBookable("The lead's owner is not in the published configuration.");
        }

        var repId = owner.Id.Value;
        var state = await db.RepStates.AsNoTracking().Where(s => s.RepId == repId)
            .Select(s => new { s.Availability, s.OutOfOfficeUntil }).SingleOrDefaultAsync(cancellationToken);
        var absences = new List<TimeRange>();
        if (state?.OutOfOfficeUntil is { } until && until > now)
        {
            absences.Add(new TimeRange(now, until));
        }
        else if (state is { Availability: Availability.OutOfOffice, OutOfOfficeUntil: null })
        {
            absences.Add(new TimeRange(now, now + IndefiniteAbsence));
        }

        // Meetings ending before the earliest start (less the largest buffer) cannot touch a slot.
        var earliest = (from is { } f && f > now ? f : now) - TimeSpan.FromDays(1);
        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => m.RepId == repId && m.Status == MeetingStatus.Booked && m.EndUtc > earliest && m.Id != exceptMeetingId)
            .Select(m => new { m.StartUtc, m.EndUtc })
            .ToListAsync(cancellationToken);
        var busyJson = await db.RepCalendarFeeds.AsNoTracking().Where(x => x.RepId == repId).Select(x => x.BusyJson).SingleOrDefaultAsync(cancellationToken);

        var availability = new RepAvailability
        {
            RepId = owner.Id,
            Calendar = owner.Calendar,
            OutOfOffice = absences,
            Meetings = [.. meetings.Select(m => new TimeRange(m.StartUtc, m.EndUtc))],
            Busy = FeedBusyJson.Read(busyJson),
        };
        var slots = SlotFinder.FreeSlots(availability, policy, from ?? now, now, businessDays);
        return new BookingSlotsResult.Found(leadId, owner.Id, policy, slots);
    }
}
