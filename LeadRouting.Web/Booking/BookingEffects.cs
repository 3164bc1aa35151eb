namespace LeadRouting.Web.Booking;

/// <summary>
/// What a booked meeting does beyond its row (issue 20): the response clock stops (Met), the rep gets a task, the lead's
/// history and trace say so, and buyer and rep get iCalendar invitations by email with reschedule and cancel links.
/// </summary>
/// <remarks>Being built (branch i20-effects); the booking API calls it after every <see cref="BookingOutcome.Booked"/>.</remarks>
public sealed class BookingEffects
{
    /// <summary>Applies the effects of <paramref name="meeting"/>, just booked for its lead.</summary>
    public Task OnBookedAsync(MeetingEntity meeting, CancellationToken cancellationToken) => Task.CompletedTask;
}
