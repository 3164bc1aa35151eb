using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Booking;

/// <summary>The answer of a cancellation through the API.</summary>
public sealed record MeetingCancelResponse(string MeetingId, string Status, bool AlreadyCancelled);

/// <summary>
/// Cancelling a booked meeting with the buyer's booking token (issue 20): <c>POST /api/book/{token}/meetings/{id}/cancel</c>
/// for machines, and the page the invitation's cancel link opens, <c>/book/{token}/cancel?meeting={id}</c>: a GET only
/// shows a confirmation (mail scanners and link previews fetch links and must not cancel meetings), its button POSTs.
/// </summary>
/// <remarks>
/// The token is the credential (no sign-in, no antiforgery token: nothing rides on a cookie) and it only reaches the
/// meetings of its own lead. A genuine token past its expiry still cancels: the link lasts from the lead's creation, a
/// meeting may lie beyond it, and calling off one's own meeting must keep working; it books nothing. A cancellation
/// repeated changes nothing and sends nothing again.
/// </remarks>
public static class BookingCancelApi
{
    public static IEndpointRouteBuilder MapBookingCancel(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/book/{token}/meetings/{meetingId}/cancel", CancelAsync)
            .AllowAnonymous().DisableAntiforgery().WithTags("Booking").WithName("CancelMeeting")
            .AddEndpointFilter<BookingRateLimitFilter>();
        // The same window per client as the rest of the public booking surface (README "Booking: the API").
        var pages = endpoints.MapGroup(BookingTokens.PathPrefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription()
            .AddEndpointFilter<BookingRateLimitFilter>();
        pages.MapGet("/{token}/cancel", (string token, string? meeting, HttpContext context, CancellationToken ct) => PageAsync(token, meeting, confirm: false, context, ct));
        pages.MapPost("/{token}/cancel", (string token, string? meeting, HttpContext context, CancellationToken ct) => PageAsync(token, meeting, confirm: true, context, ct));
        return endpoints;
    }

    private static async Task<Results<Ok<MeetingCancelResponse>, ProblemHttpResult>> CancelAsync(
        string token, string meetingId, BookingTokens tokens, BookingEffects effects, CancellationToken ct)
    {
        if (tokens.Read(token) is not { } claims)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown booking link",
                detail: "The booking link is not valid: it is incomplete or was changed.", extensions: Field("token"));
        }

        if (string.IsNullOrEmpty(meetingId) || meetingId.Length > 40)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown meeting", detail: "No such meeting.", extensions: Field("meetingId"));
        }

        return await effects.CancelAsync(claims.LeadId, meetingId, ct) switch
        {
            MeetingCancelOutcome.Cancelled => TypedResults.Ok(new MeetingCancelResponse(meetingId, nameof(MeetingStatus.Cancelled), AlreadyCancelled: false)),
            MeetingCancelOutcome.AlreadyCancelled => TypedResults.Ok(new MeetingCancelResponse(meetingId, nameof(MeetingStatus.Cancelled), AlreadyCancelled: true)),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown meeting",
                detail: $"The booking link has no booked meeting '{meetingId}'.", extensions: Field("meetingId")),
        };
    }

    private static Dictionary<string, object?> Field(string name) => new() { ["errors"] = new Dictionary<string, string[]> { [name] = ["not found"] } };

    private static async Task<IResult> PageAsync(string token, string? meetingId, bool confirm, HttpContext context, CancellationToken ct)
    {
        var services = context.RequestServices;
        var T = services.GetRequiredService<IStringLocalizer<InvitationText>>();
        if (services.GetRequiredService<BookingTokens>().Read(token) is not { } claims || string.IsNullOrEmpty(meetingId) || meetingId.Length > 40)
        {
            return Page(T["This link is not valid"], T["The link is incomplete or was changed."], StatusCodes.Status404NotFound);
        }

        await using var db = await services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync(ct);
        var meeting = await db.Meetings.AsNoTracking().Where(m => m.Id == meetingId && m.LeadId == claims.LeadId)
            .Select(m => new { m.StartUtc, m.Status, m.BuyerTimeZone }).SingleOrDefaultAsync(ct);
        var country = await db.Leads.AsNoTracking().Where(l => l.Id == claims.LeadId).Select(l => l.Country).SingleOrDefaultAsync(ct);
        if (country is "DE" or "AT" or "CH" or "LI")
        {
            // The buyer's language as far as the lead tells it (its country), else the request's. The culture of an
            // async method's flow goes back to the caller's when it returns.
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
        }

        if (meeting is null || meeting.Status is MeetingStatus.Held or MeetingStatus.NoShow)
        {
            return Page(T["Meeting not found"], T["This link has no meeting to cancel."], StatusCodes.Status404NotFound);
        }

        var zone = Localization.PersonZone.Find(meeting.BuyerTimeZone) ?? TimeZoneInfo.Utc;
        var when = $"{TimeZoneInfo.ConvertTime(meeting.StartUtc, zone).ToString("f", CultureInfo.CurrentCulture)} ({zone.Id})";
        if (!confirm)
        {
            if (meeting.Status == MeetingStatus.Cancelled)
            {
                return Page(T["Meeting cancelled"], T["The meeting on {0} is cancelled.", when], StatusCodes.Status200OK);
            }

            var h = HtmlEncoder.Default;
            var form = $"<h1>{h.Encode(T["Cancel this meeting?"])}</h1><p class=\"lead\">{h.Encode(when)}</p>"
                + $"<form method=\"post\"><button type=\"submit\">{h.Encode(T["Cancel meeting"])}</button></form>";
            return Html(T["Cancel meeting"], form, StatusCodes.Status200OK);
        }

        await services.GetRequiredService<BookingEffects>().CancelAsync(claims.LeadId, meetingId, ct);
        return Page(T["Meeting cancelled"], T["The meeting on {0} is cancelled.", when], StatusCodes.Status200OK);
    }

    private static IResult Page(string title, string detail, int status)
    {
        var h = HtmlEncoder.Default;
        return Html(title, $"<h1>{h.Encode(title)}</h1><p>{h.Encode(detail)}</p>", status);
    }

    private const string Css =
        "body{margin:0;background:#f5f6fa;color:#1f2330;font-family:Inter,Roboto,\"Segoe UI\",\"Helvetica Neue\",Arial,\"Liberation Sans\",sans-serif;line-height:1.5}" +
        "header{background:#283593;color:#fff;font-weight:600;font-size:1.1rem;padding:.9rem 1.25rem}" +
        "main{background:#fff;max-width:34rem;margin:2rem auto;padding:1.5rem 1.75rem;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12),0 1px 2px rgba(0,0,0,.08)}" +
        "h1{font-size:1.5rem;margin:0 0 1rem}p{margin:.5rem 0}.lead{font-weight:600}" +
        "button{font:inherit;font-weight:600;color:#fff;background:#3949ab;border:0;border-radius:4px;padding:.6rem 1.5rem;margin-top:1rem;cursor:pointer}" +
        "button:hover{background:#283593}button:focus{outline:2px solid #3949ab;outline-offset:2px}" +
        "@media (max-width:480px){main{margin:0;border-radius:0;box-shadow:none;padding:1.25rem}button{width:100%}}";

    private static IResult Html(string title, string body, int status)
    {
        var h = HtmlEncoder.Default;
        var page = $"""
            <!DOCTYPE html>
            <html lang="{h.Encode(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><title>{h.Encode(title)} · LeadRouting</title>
            <style>{Css}</style></head>
            <body><header>LeadRouting</header><main>{body}</main></body></html>
            """;
        return Results.Content(page, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
