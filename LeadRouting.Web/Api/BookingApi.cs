using System.Text.RegularExpressions;
using LeadRouting.Core.Booking;
using LeadRouting.Web.Booking;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadRouting.Web.Api;

/// <summary>
/// The public booking API (issue 20, README "Booking: the API"): a booking link's free slots and booking one. No sign-in:
/// the link's token is the credential (<see cref="BookingTokens"/>). Rate-limited per client address
/// (<see cref="BookingRateLimiter"/>). Every refusal is a problem document; a refused field is named in <c>errors</c>.
/// </summary>
public static partial class BookingApi
{
    /// <summary>How far ahead of now <c>from</c> (slots) and <c>start</c> (a booking) may lie.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(366);

    /// <summary>The longest <c>repId</c> a booking request may name (rep ids of the configuration are far shorter).</summary>
    private const int MaxRepIdLength = 100;

    public static IEndpointRouteBuilder MapBookingApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/book").WithTags("Booking").AllowAnonymous().DisableAntiforgery()
            .AddEndpointFilter<BookingRateLimitFilter>();

        group.MapGet("/{token}/slots", SlotsAsync)
            .WithName("GetBookingSlots")
            .WithSummary("The free meeting slots of a booking link's lead owner");

        group.MapPost("/{token}", BookAsync)
            .WithName("Book")
            .WithSummary("Books one of the free slots for the booking link's lead");

        group.MapPost("/{token}/meetings/{meetingId}/reschedule", RescheduleAsync)
            .WithName("RescheduleMeeting")
            .WithSummary("Moves the booking link's booked meeting to another free slot of the same rep");

        return endpoints;
    }

    internal static async Task<Results<Ok<IReadOnlyList<BookingSlotDto>>, ValidationProblem, ProblemHttpResult>> SlotsAsync(
        string token,
        string? from,
        string? days,
        BookingTokens tokens,
        BookingSlots slots,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (Refuse(tokens, token, out var claims) is { } refused)
        {
            return refused;
        }

        var errors = new Dictionary<string, string[]>();
        DateTimeOffset? start = null;
        if (from is not null)
        {
            if (ParseInstant(from) is not { } parsed)
            {
                errors["from"] = ["must be an ISO-8601 date and time with an offset, e.g. 2026-12-01T09:00:00Z or 2026-12-01T10:00:00+01:00."];
            }
            else if (parsed > time.GetUtcNow() + MaxAhead)
            {
                errors["from"] = [$"must be at most {MaxAhead.TotalDays:0} days ahead."];
            }
            else
            {
                start = parsed;
            }
        }

        int? businessDays = null;
        if (days is not null)
        {
            if (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > BookingPolicy.MaxHorizonBusinessDays)
            {
                errors["days"] = [$"must be a whole number of business days from 1 to {BookingPolicy.MaxHorizonBusinessDays}."];
            }
            else
            {
                businessDays = n;
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The slot request is not valid.");
        }

        return await slots.ForLeadAsync(claims!.LeadId, start, businessDays, cancellationToken) switch
        {
            BookingSlotsResult.Found found => TypedResults.Ok<IReadOnlyList<BookingSlotDto>>([.. found.Slots.Select(BookingSlotDto.From)]),
            BookingSlotsResult.NotBookable no => NotBookable(no.Reason),
            _ => LeadGone(),
        };
    }

    internal static async Task<Results<Created<MeetingDto>, ValidationProblem, ProblemHttpResult>> BookAsync(
        string token,
        BookingRequest? request,
        BookingTokens tokens,
        BookingService booking,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (Refuse(tokens, token, out var claims) is { } refused)
        {
            return refused;
        }

        if (Validate(request) is not { } valid)
        {
            return Invalid(request, "booking");
        }

        var (start, zone, repId) = valid;
        if (start > time.GetUtcNow() + MaxAhead)
        {
            return NotASlot(start);
        }

        return await booking.BookAsync(claims!.LeadId, start, repId, zone, cancellationToken) switch
        {
            BookingAttempt.Booked booked => TypedResults.Created((string?)null, MeetingDto.From(booked.Meeting)),
            BookingAttempt.SlotTaken => SlotTaken(),
            BookingAttempt.AlreadyBooked => AlreadyBooked(),
            BookingAttempt.NotASlot => NotASlot(start),
            BookingAttempt.NotBookable no => NotBookable(no.Reason),
            _ => LeadGone(),
        };
    }

    internal static async Task<Results<Ok<MeetingDto>, ValidationProblem, ProblemHttpResult>> RescheduleAsync(
        string token,
        string meetingId,
        BookingRequest? request,
        BookingTokens tokens,
        BookingService booking,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (Refuse(tokens, token, out var claims) is { } refused)
        {
            return refused;
        }

        if (meetingId.Length is 0 or > 40)
        {
            return MeetingGone(meetingId);
        }

        if (Validate(request) is not { } valid)
        {
            return Invalid(request, "reschedule");
        }

        var (start, zone, repId) = valid;
        if (start > time.GetUtcNow() + MaxAhead)
        {
            return NotASlot(start);
        }

        return await booking.RescheduleAsync(claims!.LeadId, meetingId, start, repId, zone, cancellationToken) switch
        {
            BookingAttempt.Booked moved => TypedResults.Ok(MeetingDto.From(moved.Meeting)),
            BookingAttempt.SlotTaken => SlotTaken(),
            BookingAttempt.NotASlot => NotASlot(start),
            BookingAttempt.NotBookable no => NotBookable(no.Reason),
            BookingAttempt.MeetingGone => MeetingGone(meetingId),
            _ => LeadGone(),
        };
    }

    /// <summary>The start, time zone and rep of a booking or reschedule request, or null when a field is not valid.</summary>
    private static (DateTimeOffset Start, string? Zone, string? RepId)? Validate(BookingRequest? request) =>
        Errors(request).Count == 0 ? (ParseInstant(request!.Start!)!.Value, request.TimeZone, request.RepId) : null;

    /// <summary>400 naming every field of <paramref name="request"/> that is not valid.</summary>
    private static ValidationProblem Invalid(BookingRequest? request, string what) =>
        TypedResults.ValidationProblem(Errors(request), title: $"The {what} request is not valid.");

    private static Dictionary<string, string[]> Errors(BookingRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Start is not { } text || ParseInstant(text) is null)
        {
            errors["start"] = ["is required: an ISO-8601 date and time with an offset, one of the slots' starts."];
        }

        if (request?.TimeZone is { } zone && !IsTimeZone(zone))
        {
            errors["timeZone"] = ["must be an IANA time zone such as Europe/Berlin, or left out."];
        }

        if (request?.RepId is { } rep && rep.Length is 0 or > MaxRepIdLength)
        {
            errors["repId"] = [$"must be the repId of the chosen slot (1 to {MaxRepIdLength} characters), or left out."];
        }

        return errors;
    }

    private static ProblemHttpResult MeetingGone(string meetingId) =>
        TypedResults.Problem(
            title: "No such booked meeting.",
            detail: $"The booking link has no booked meeting '{meetingId}': it was cancelled, has taken place, or belongs to another link.",
            statusCode: StatusCodes.Status404NotFound,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["meetingId"] = ["not found"] } });

    /// <summary>Whether <paramref name="zone"/> names a time zone this machine knows (an IANA id such as Europe/Berlin).</summary>
    public static bool IsTimeZone(string zone) => zone.Length is > 0 and <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _);

    /// <summary>404 for a token this app did not make, 410 for an expired one; null when it is valid.</summary>
    private static ProblemHttpResult? Refuse(BookingTokens tokens, string token, out BookingTokenClaims? claims)
    {
        var (status, read) = tokens.Validate(token);
        claims = read;
        return status switch
        {
            BookingTokenStatus.Valid => null,
            BookingTokenStatus.Expired => TypedResults.Problem(
                title: "The booking link has expired.",
                detail: "Ask for a new link.",
                statusCode: StatusCodes.Status410Gone),
            _ => TypedResults.Problem(
                title: "No such booking link.",
                detail: "The link is not valid. Check that it was copied whole.",
                statusCode: StatusCodes.Status404NotFound),
        };
    }

    private static ProblemHttpResult AlreadyBooked() =>
        TypedResults.Problem(
            title: "A meeting is already booked.",
            detail: "This lead already has a booked meeting; it cannot book a second one.",
            statusCode: StatusCodes.Status409Conflict);

    private static ProblemHttpResult SlotTaken() =>
        TypedResults.Problem(
            title: "The slot was just taken.",
            detail: "Somebody booked this time a moment ago. Choose another slot (name its repId to book with the rep it shows).",
            statusCode: StatusCodes.Status409Conflict);

    private static ProblemHttpResult LeadGone() =>
        TypedResults.Problem(title: "Nothing to book.", detail: "The request behind this link is closed or no longer exists.", statusCode: StatusCodes.Status410Gone);

    private static ProblemHttpResult NotBookable(string reason) =>
        TypedResults.Problem(title: "Nothing can be booked now.", detail: reason, statusCode: StatusCodes.Status409Conflict);

    private static ProblemHttpResult NotASlot(DateTimeOffset start) =>
        TypedResults.Problem(
            title: "The start is not a free slot.",
            detail: $"{start.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} is not one of the free slots now. Fetch the slots again and choose one.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["start"] = ["is not a free slot."] } });

    /// <summary>An ISO-8601 date and time with an explicit offset (<c>Z</c> or <c>±hh:mm</c>); null otherwise.</summary>
    public static DateTimeOffset? ParseInstant(string text) =>
        text.Length <= 40 && IsoInstant().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoInstant();
}

/// <summary>A free slot: UTC start and end, and the rep it is with.</summary>
public sealed record BookingSlotDto(DateTimeOffset Start, DateTimeOffset End, string RepId)
{
    public static BookingSlotDto From(Slot slot) => new(slot.Start.ToUniversalTime(), slot.End.ToUniversalTime(), slot.RepId.Value);
}

/// <summary>
/// A booking: the chosen slot's start; optionally the buyer's IANA time zone (kept for invitations and the page) and the
/// slot's <c>repId</c> — with it the meeting is booked with exactly that rep or refused (409 when their time was just
/// taken); without it the start means the owner's slot, or a pool rep's when the booking window shows the pool's slots.
/// </summary>
public sealed record BookingRequest(string? Start, string? TimeZone = null, string? RepId = null);

/// <summary>A booked meeting as the API returns it.</summary>
public sealed record MeetingDto(string Id, string LeadId, string RepId, DateTimeOffset Start, DateTimeOffset End, MeetingStatus Status)
{
    public static MeetingDto From(MeetingEntity meeting) =>
        new(meeting.Id, meeting.LeadId, meeting.RepId, meeting.StartUtc.ToUniversalTime(), meeting.EndUtc.ToUniversalTime(), meeting.Status);
}
