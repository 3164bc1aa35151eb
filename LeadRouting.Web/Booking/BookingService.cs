namespace LeadRouting.Web.Booking;

/// <summary>How a buyer's booking ended (<see cref="BookingService.BookAsync"/>): what the API and the booking page answer.</summary>
public abstract record BookingAttempt
{
    private BookingAttempt()
    {
    }

    /// <summary>The meeting is stored and its effects (first response, task, history, invitations) are written.</summary>
    public sealed record Booked(MeetingEntity Meeting) : BookingAttempt;

    /// <summary>Another buyer booked the time (or an overlapping one) a moment ago.</summary>
    public sealed record SlotTaken : BookingAttempt;

    /// <summary>The lead already has a booked meeting: one lead, one active meeting.</summary>
    public sealed record AlreadyBooked : BookingAttempt;

    /// <summary>The start is not one of the free slots now (never was, or lies beyond the window).</summary>
    public sealed record NotASlot : BookingAttempt;

    /// <summary>Nobody to book with now; <paramref name="Reason"/> says why, in English.</summary>
    public sealed record NotBookable(string Reason) : BookingAttempt;

    /// <summary>The lead is closed, erased or gone.</summary>
    public sealed record LeadGone : BookingAttempt;

    /// <summary>Rescheduling: the link's lead has no booked meeting of that id (cancelled, held, or never its own).</summary>
    public sealed record MeetingGone : BookingAttempt;
}

/// <summary>
/// The one booking path (issue 20) behind <c>POST /api/book/{token}</c> and the booking page <c>/book/{token}</c>: the
/// start must be a free slot now (computed afresh by <see cref="BookingSlots"/> for the working day from the start on),
/// <see cref="BookingStore.TryBookAsync"/> stores it race-safely (under the lock of the slot's rep), and
/// <see cref="BookingEffects.OnBookedAsync"/> writes what a booked meeting does. A slot of another rep of the lead's pool
/// (the owner could not) first moves the lead to that rep (<see cref="BookingEffects.OnBookedWithPoolRepAsync"/>). The
/// caller has already checked the link's token.
/// </summary>
public sealed partial class BookingService(
    BookingSlots slots, BookingStore store, BookingEffects effects, IDbContextFactory<LeadRoutingDbContext> dbFactory)
{
    /// <summary>
    /// Books the free slot starting at <paramref name="start"/> for <paramref name="leadId"/>; <paramref name="buyerTimeZone"/>
    /// is the buyer's IANA time zone (validated by the caller), kept for invitations, or null when unknown.
    /// </summary>
    /// <remarks>
    /// <paramref name="repId"/> is the rep of the slot the buyer chose (the slot's <c>repId</c>; the booking page always sends it). The meeting is booked
    /// with exactly that rep or not at all: when their time was taken a moment ago the answer is
    /// <see cref="BookingAttempt.SlotTaken"/>, never the same time with someone else. Null (an API client that names only
    /// the start) means the owner's slot at that start; another pool rep's slot is booked then only when the booking window
    /// from now (<see cref="LeadRouting.Core.Booking.BookingPolicy.HorizonBusinessDays"/>) shows the pool's slots — the owner has no free time in it,
    /// or is away — which is what the page and the slots API's default window showed. A buyer who saw the owner's slot and
    /// lost the race for it is told so (409) rather than handed to another rep they never saw.
    /// </remarks>
    public async Task<BookingAttempt> BookAsync(
        string leadId, DateTimeOffset start, string? repId, string? buyerTimeZone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // One lead, one active meeting: a second booking is refused before anything else.
            if (await db.Meetings.AnyAsync(m => m.LeadId == leadId && m.Status == MeetingStatus.Booked, cancellationToken))
            {
                return new BookingAttempt.AlreadyBooked();
            }
        }

        var found = await CheckAsync(leadId, start, exceptMeetingId: null, cancellationToken);
        if (found is not BookingSlotsResult.Found { } free)
        {
            return found is BookingSlotsResult.NotBookable no ? new BookingAttempt.NotBookable(no.Reason) : new BookingAttempt.LeadGone();
        }

        var policy = free.Policy;
        var buffer = policy.BufferBefore > policy.BufferAfter ? policy.BufferBefore : policy.BufferAfter;
        var chosen = repId ?? free.RepId.Value;
        var slot = free.Slots.FirstOrDefault(s => s.Start == start && s.RepId.Value == chosen);
        if (slot is null && repId is null && free.Slots.FirstOrDefault(s => s.Start == start) is { } poolSlot
            && await WindowShowsPoolAsync(leadId, cancellationToken))
        {
            // No rep named, and the booking window shows the pool's slots (the owner can't): the buyer saw them.
            slot = poolSlot;
        }

        if (slot is null)
        {
            // Only the owner and the lead's pool are looked at: any other rep id is "not a slot", which tells nothing
            // about that rep's calendar.
            var known = chosen == free.RepId.Value || (free.Pool?.RepIds.Contains(chosen) ?? false);
            return known
                ? await TakenOrNotASlotAsync(chosen, start, policy.Duration, buffer, exceptMeetingId: null, cancellationToken)
                : new BookingAttempt.NotASlot();
        }

        switch (await store.TryBookAsync(leadId, slot.RepId.Value, slot.Start, slot.End, buffer, buyerTimeZone, cancellationToken, onePerLead: true))
        {
            case BookingOutcome.Booked booked:
                if (slot.RepId != free.RepId && free.Pool is { } pool)
                {
                    // Another rep's slot of the lead's pool: the lead moves to them first, so the booking is their first response.
                    await effects.OnBookedWithPoolRepAsync(booked.Meeting, pool, cancellationToken);
                }

                await effects.OnBookedAsync(booked.Meeting, cancellationToken);
                return new BookingAttempt.Booked(booked.Meeting);
            case BookingOutcome.SlotTaken:
                return new BookingAttempt.SlotTaken();
            case BookingOutcome.LeadAlreadyBooked:
                return new BookingAttempt.AlreadyBooked();
            default:
                return new BookingAttempt.LeadGone();
        }
    }

    /// <summary>
    /// The slots that decide whether <paramref name="start"/> can be booked: those of the working day from the start on
    /// (the same answer, pool slots included, as the slots API gives for that window), and — only when the start is not
    /// among them — those of two working days. A slot that starts late on a day and runs past midnight (23:45–00:15 of a
    /// round-the-clock calendar) lies in a working interval that runs on into the next day, which a window of one day,
    /// ending at its midnight, cuts off; the slots API offers it all the same (found by the booking load benchmark,
    /// docs/BENCHMARKS.md). The second look is used only when it has the start, so a pool decision made for the one day
    /// (the owner has no time that day) stays as it was.
    /// </summary>
    private async Task<BookingSlotsResult> CheckAsync(string leadId, DateTimeOffset start, string? exceptMeetingId, CancellationToken cancellationToken)
    {
        var found = await slots.ForLeadAsync(leadId, start, 1, cancellationToken, exceptMeetingId);
        if (found is BookingSlotsResult.Found day && !day.Slots.Any(s => s.Start == start)
            && await slots.ForLeadAsync(leadId, start, 2, cancellationToken, exceptMeetingId) is BookingSlotsResult.Found longer
            && longer.Slots.Any(s => s.Start == start))
        {
            return longer;
        }

        return found;
    }

    /// <summary>
    /// Whether the booking window from now (the page's and the slots API's default window) offers the pool's slots: the
    /// owner has no free time in it, or is away now.
    /// </summary>
    private async Task<bool> WindowShowsPoolAsync(string leadId, CancellationToken cancellationToken) =>
        await slots.ForLeadAsync(leadId, null, null, cancellationToken) is BookingSlotsResult.Found { Pool: not null };

    /// <summary>
    /// Why <paramref name="start"/> is not among the free slots: a booked meeting of the rep overlaps it (another buyer
    /// was faster: <see cref="BookingAttempt.SlotTaken"/>, whichever side of the check the loser was on), or it never was
    /// a slot (<see cref="BookingAttempt.NotASlot"/>).
    /// </summary>
    private async Task<BookingAttempt> TakenOrNotASlotAsync(
        string repId, DateTimeOffset start, TimeSpan duration, TimeSpan buffer, string? exceptMeetingId, CancellationToken cancellationToken)
    {
        var (from, until) = (start - buffer, start + duration + buffer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Meetings.AnyAsync(
                m => m.RepId == repId && m.Status == MeetingStatus.Booked && m.Id != exceptMeetingId && m.StartUtc < until && m.EndUtc > from, cancellationToken)
            ? new BookingAttempt.SlotTaken()
            : new BookingAttempt.NotASlot();
    }
}
