namespace LeadRouting.Web.Data.Entities;

/// <summary>Where a booked meeting stands (issue 20).</summary>
public enum MeetingStatus
{
    /// <summary>On the rep's calendar: its time is taken.</summary>
    Booked,

    /// <summary>Called off by buyer, rep or a reassignment; its time is free again.</summary>
    Cancelled,

    /// <summary>Took place (the rep marks it).</summary>
    Held,

    /// <summary>The buyer did not come (the rep marks it).</summary>
    NoShow,
}

/// <summary>
/// A meeting a buyer booked through a lead's booking link (issue 20). While <see cref="Status"/> is
/// <see cref="MeetingStatus.Booked"/> its time is the rep's: <c>Booking/BookingStore</c> books no overlapping meeting
/// for the same rep, and a partial unique index on (RepId, StartUtc) of booked meetings backs that up.
/// </summary>
public sealed class MeetingEntity
{
    public required string Id { get; set; }
    public required string LeadId { get; set; }
    public required string RepId { get; set; }
    public DateTimeOffset StartUtc { get; set; }
    public DateTimeOffset EndUtc { get; set; }
    public MeetingStatus Status { get; set; }

    /// <summary>The buyer's name, copied from the lead when booked (personal data: erased with the lead).</summary>
    public string? BuyerName { get; set; }

    /// <summary>The buyer's email, copied from the lead when booked (personal data: erased with the lead).</summary>
    public string? BuyerEmail { get; set; }

    /// <summary>The IANA time zone the buyer booked in (for the invitation's and the page's local times).</summary>
    public string? BuyerTimeZone { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The iCalendar SEQUENCE of the meeting's invitation: raised by every change sent to the attendees.</summary>
    public int Sequence { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }
}

/// <summary>
/// A rep's calendar feed (issue 20): the secret ICS address of their Google or Outlook calendar and the last body fetched
/// from it, whose busy times the booking page leaves out. The URL is a credential: never shown back in full, never logged.
/// </summary>
public sealed class RepCalendarFeedEntity
{
    public required string RepId { get; set; }
    public required string Url { get; set; }

    /// <summary>When the body was last fetched successfully (a 304 counts: the body is still current).</summary>
    public DateTimeOffset? FetchedAt { get; set; }

    /// <summary>The validators of the body, sent back as <c>If-None-Match</c> / <c>If-Modified-Since</c>.</summary>
    public string? ETag { get; set; }

    public DateTimeOffset? LastModified { get; set; }

    /// <summary>The feed's ICS text (at most <c>CalendarFeedOptions.MaxBodyBytes</c>); null until first fetched.</summary>
    public string? Body { get; set; }

    /// <summary>Why the last fetch failed (without the URL); null after a success.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? ErrorAt { get; set; }

    /// <summary>
    /// The feed's busy times over [<see cref="BusyFrom"/>, <see cref="BusyUntil"/>), read from <see cref="Body"/> when it
    /// was stored (<c>Booking/FeedBusyJson</c>: a JSON array of <c>{"s","e"}</c> UTC instants), so a slot request does
    /// not parse the feed. Null until a body was read.
    /// </summary>
    public string? BusyJson { get; set; }

    public DateTimeOffset? BusyFrom { get; set; }

    public DateTimeOffset? BusyUntil { get; set; }

    /// <summary>When Ops last set the URL.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
