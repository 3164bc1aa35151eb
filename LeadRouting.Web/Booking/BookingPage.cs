using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using LeadRouting.Web.Api;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Booking;

/// <summary>
/// The buyer's booking page <c>/book/{token}</c> (issue 20, README "Booking: the page and how a website shows it"):
/// public, the link's token is the credential. Rendered on the server as plain HTML (no Blazor circuit per anonymous
/// visitor; it works inside a third-party iframe, where browsers drop cookies); a slot is a submit button of a plain form
/// POST (no antiforgery cookie: nothing rides on a cookie), answered with Post/Redirect/Get. One small script
/// (<c>wwwroot/booking.js</c>, allowed by the strict CSP) picks the browser's time zone; without it the page works in the
/// rep's zone, shown and changeable. Language: <c>?lang=de|en</c>, else the request's culture (the browser's language).
/// </summary>
/// <remarks>
/// Booking and moving go through <see cref="BookingService"/>, the one booking path (the API's too). Every request takes
/// a permit of the client's booking rate-limit window (<see cref="BookingRateLimiter"/>, shared with the API).
/// </remarks>
public static class BookingPage
{
    /// <summary>Encodes markup characters only; German letters and the page's dashes stay as they are (UTF-8 page).</summary>
    private static readonly HtmlEncoder H = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The page's settings: <see cref="BookingEmbedOptions"/> (<c>Booking:EmbedOrigins</c>), checked at start.</summary>
    public static IServiceCollection AddLeadRoutingBookingPage(this IServiceCollection services)
    {
        services.AddOptions<BookingEmbedOptions>().BindConfiguration(BookingEmbedOptions.Section)
            .Validate(BookingEmbedOptions.IsValid, "Booking:EmbedOrigins: each entry an origin such as https://www.example.com (scheme, host, optional port; no path, no wildcard).")
            .ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapBookingPage(this IEndpointRouteBuilder endpoints)
    {
        var pages = endpoints.MapGroup(BookingTokens.PathPrefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        pages.MapGet("/{token}", (string token, HttpContext context, CancellationToken ct) => ShowAsync(token, context, ct));
        pages.MapPost("/{token}", (string token, HttpContext context, CancellationToken ct) => BookAsync(token, context, ct));
        pages.MapPost("/{token}/reschedule", (string token, HttpContext context, CancellationToken ct) => RescheduleAsync(token, context, ct));
        return endpoints;
    }

    /// <summary>What a page request knows once its token is good: the lead, the language, the zone, the words.</summary>
    private sealed record Visit(string Token, string LeadId, string? Lang, IStringLocalizer<BookingPageText> T, HttpContext Context)
    {
        public IServiceProvider Services => Context.RequestServices;

        public string Path => $"{Context.Request.PathBase}{BookingTokens.PathPrefix}/{Uri.EscapeDataString(Token)}";

        public string Link(string? zone, string? extra = null, string? lang = null)
        {
            var query = new List<string>();
            if (zone is not null)
            {
                query.Add("tz=" + Uri.EscapeDataString(zone));
            }

            if ((lang ?? Lang) is { } l)
            {
                query.Add("lang=" + l);
            }

            if (extra is not null)
            {
                query.Add(extra);
            }

            return query.Count == 0 ? Path : $"{Path}?{string.Join('&', query)}";
        }
    }

    private static async Task<IResult> ShowAsync(string token, HttpContext context, CancellationToken ct)
    {
        var (visit, refusal) = Open(token, context, context.Request.Query["lang"]);
        if (visit is null)
        {
            return refusal!;
        }

        var query = context.Request.Query;
        return await ViewAsync(visit, query["tz"], query["done"], query["change"] == "1", message: null, StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> BookAsync(string token, HttpContext context, CancellationToken ct)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(ct) : FormCollection.Empty;
        var (visit, refusal) = Open(token, context, form["lang"]);
        if (visit is null)
        {
            return refusal!;
        }

        var T = visit.T;
        var zone = ValidZone(form["tz"]);
        if (Chosen(form) is not var (start, repId))
        {
            return await ViewAsync(visit, zone, null, false, T["Please choose one of the times."], StatusCodes.Status400BadRequest, ct);
        }

        var booking = visit.Services.GetRequiredService<BookingService>();
        return await booking.BookAsync(visit.LeadId, start, repId, zone, ct) switch
        {
            BookingAttempt.Booked => SeeOther(visit.Context, visit.Link(zone, "done=booked")),
            BookingAttempt.AlreadyBooked => SeeOther(visit.Context, visit.Link(zone)),
            BookingAttempt.SlotTaken => await ViewAsync(visit, zone, null, false, T["This time was just taken. Please choose another."], StatusCodes.Status409Conflict, ct),
            _ => await ViewAsync(visit, zone, null, false, T["This time is no longer free. Please choose another."], StatusCodes.Status422UnprocessableEntity, ct),
        };
    }

    private static async Task<IResult> RescheduleAsync(string token, HttpContext context, CancellationToken ct)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(ct) : FormCollection.Empty;
        var (visit, refusal) = Open(token, context, form["lang"]);
        if (visit is null)
        {
            return refusal!;
        }

        var T = visit.T;
        var zone = ValidZone(form["tz"]);
        var meetingId = form["meeting"].ToString();
        if (meetingId.Length is 0 or > 40)
        {
            return SeeOther(visit.Context, visit.Link(zone));
        }

        if (Chosen(form) is not var (start, repId))
        {
            return await ViewAsync(visit, zone, null, true, T["Please choose one of the times."], StatusCodes.Status400BadRequest, ct);
        }

        var booking = visit.Services.GetRequiredService<BookingService>();
        return await booking.RescheduleAsync(visit.LeadId, meetingId, start, repId, zone, ct) switch
        {
            BookingAttempt.Booked => SeeOther(visit.Context, visit.Link(zone, "done=moved")),
            BookingAttempt.MeetingGone => SeeOther(visit.Context, visit.Link(zone)),
            BookingAttempt.SlotTaken => await ViewAsync(visit, zone, null, true, T["This time was just taken. Please choose another."], StatusCodes.Status409Conflict, ct),
            _ => await ViewAsync(visit, zone, null, true, T["This time is no longer free. Please choose another."], StatusCodes.Status422UnprocessableEntity, ct),
        };
    }

    /// <summary>Post/Redirect/Get: 303, so a reload of the answer never posts the booking again.</summary>
    private static IResult SeeOther(HttpContext context, string url)
    {
        context.Response.Headers.Location = url;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static string? ValidZone(string? zone) => zone is { Length: > 0 } && BookingApi.IsTimeZone(zone) ? zone : null;

    /// <summary>
    /// Frames, rate limit, language, token: the visit, or the refusal's page (429, 410, 404).
    /// </summary>
    private static (Visit? Visit, IResult? Refusal) Open(string token, HttpContext context, string? lang)
    {
        var services = context.RequestServices;
        SecurityHeaders.AllowFraming(context, services.GetRequiredService<IOptions<BookingEmbedOptions>>().Value.FrameAncestors());
        var chosen = lang switch { "de" => SupportedCultures.German, "en" => SupportedCultures.English, _ => null };
        if (chosen is not null)
        {
            // Set in this synchronous method, the culture stays for the rest of the request's handler.
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(chosen);
        }

        var T = services.GetRequiredService<IStringLocalizer<BookingPageText>>();
        if (services.GetRequiredService<BookingRateLimiter>().TryTake(context) is { } wait)
        {
            var tooMany = Html(T["Too many requests"], Text(T["Too many requests"], T["Please wait a moment and try again."]), StatusCodes.Status429TooManyRequests, null);
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return (null, tooMany);
        }

        var (status, claims) = services.GetRequiredService<BookingTokens>().Validate(token);
        if (status == BookingTokenStatus.Valid)
        {
            return (new Visit(token, claims!.LeadId, chosen is null ? null : lang, T, context), null);
        }

        return (null, status == BookingTokenStatus.Expired
            ? Html(T["This link has expired"], Text(T["This link has expired"], T["Booking links are valid for a limited time. We will contact you, or ask us for a new link."]), StatusCodes.Status410Gone, null)
            : Html(T["This link is not valid"], Text(T["This link is not valid"], T["The link is incomplete or was changed. Please check that it was copied whole."]), StatusCodes.Status404NotFound, null));
    }

    private static string Text(string title, string detail)
    {
        var h = H;
        return $"<h1>{h.Encode(title)}</h1><p>{h.Encode(detail)}</p>";
    }

    /// <summary>The slot a form chose: the slot button's "start|repId" (<c>slot</c>), else a plain <c>start</c> (a form of one's own).</summary>
    private static (DateTimeOffset Start, string? RepId)? Chosen(IFormCollection form) =>
        BookingPageModel.ParseSlot(form["slot"].ToString() is { Length: > 0 } slot ? slot : form["start"].ToString());

    /// <summary>The page for a good link: the booked meeting (or moving it), or the free slots, or why there are none.</summary>
    private static async Task<IResult> ViewAsync(Visit visit, string? chosenZone, string? done, bool change, string? message, int status, CancellationToken ct)
    {
        var T = visit.T;
        var culture = CultureInfo.CurrentCulture;
        var h = H;
        await using var db = await visit.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync(ct);
        var meeting = await db.Meetings.AsNoTracking().Where(m => m.LeadId == visit.LeadId && m.Status == MeetingStatus.Booked)
            .OrderByDescending(m => m.CreatedAt).FirstOrDefaultAsync(ct);
        var ownerId = await db.Leads.AsNoTracking().Where(l => l.Id == visit.LeadId).Select(l => l.OwnerId).FirstOrDefaultAsync(ct);
        var organisation = (await visit.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(ct)).Engine.Organisation;
        var rep = (meeting?.RepId ?? ownerId) is { Length: > 0 } repId ? organisation.FindRep(new RepId(repId)) : null;
        var zone = BookingPageModel.Zone(ValidZone(chosenZone) ?? meeting?.BuyerTimeZone, rep?.Calendar.TimeZone);
        var zoneId = BookingPageModel.IanaId(zone);
        var body = new StringBuilder();

        if (meeting is not null && !change)
        {
            var (date, time) = BookingPageModel.When(meeting.StartUtc, zone, culture);
            var end = BookingPageModel.Time(TimeZoneInfo.ConvertTime(meeting.EndUtc, zone), culture);
            var minutes = (int)Math.Round((meeting.EndUtc - meeting.StartUtc).TotalMinutes);
            var title = done switch { "booked" => T["Your meeting is booked"], "moved" => T["Your meeting has been moved"], _ => T["You already have a meeting booked"] };
            body.Append(Nav(visit, T, zoneId)).Append($"<h1>{h.Encode(title)}</h1>");
            body.Append("<dl class=\"meeting\">")
                .Append($"<dt>{h.Encode(T["Date"])}</dt><dd>{h.Encode(date)}</dd>")
                .Append($"<dt>{h.Encode(T["Time"])}</dt><dd>{h.Encode($"{time}–{end}")} <span class=\"tz-name\">({h.Encode(zoneId)})</span></dd>")
                .Append($"<dt>{h.Encode(T["Duration"])}</dt><dd>{h.Encode(T["{0} minutes", minutes])}</dd>");
            if (rep is not null)
            {
                body.Append($"<dt>{h.Encode(T["With"])}</dt><dd>{h.Encode(rep.Rep.Name)}</dd>");
            }

            body.Append("</dl>");
            if (meeting.BuyerEmail is { Length: > 0 } email)
            {
                body.Append($"<p>{h.Encode(done is null ? T["The invitation was sent to {0}.", email] : T["An invitation is on its way to {0}.", email])}</p>");
            }

            body.Append("<p class=\"actions\">")
                .Append($"<a class=\"button\" href=\"{h.Encode(visit.Link(zoneId, "change=1"))}\">{h.Encode(T["Choose another time"])}</a>")
                .Append($"<a class=\"secondary\" href=\"{h.Encode($"{visit.Path}/cancel?meeting={Uri.EscapeDataString(meeting.Id)}")}\">{h.Encode(T["Cancel meeting"])}</a>")
                .Append("</p>");
            return Html(title, body.ToString(), status, script: null);
        }

        var slots = await visit.Services.GetRequiredService<BookingSlots>().ForLeadAsync(visit.LeadId, null, null, ct, exceptMeetingId: meeting?.Id);
        var heading = meeting is null ? T["Book a meeting"] : T["Choose another time"];
        body.Append(Nav(visit, T, zoneId)).Append($"<h1>{h.Encode(heading)}</h1>");
        if (slots is BookingSlotsResult.LeadGone)
        {
            body.Append($"<p>{h.Encode(T["This request is closed. If you still want to talk, please contact us."])}</p>");
            return Html(heading, body.ToString(), StatusCodes.Status410Gone, script: null);
        }

        if (slots is not BookingSlotsResult.Found found)
        {
            body.Append($"<p>{h.Encode(T["A meeting cannot be booked online right now. We will contact you."])}</p>");
            return Html(heading, body.ToString(), status == StatusCodes.Status200OK ? StatusCodes.Status200OK : status, script: null);
        }

        var minutesLong = (int)Math.Round(found.Policy.Duration.TotalMinutes);
        // Slots of other reps of the pool (the owner can't): each button names its rep, so the buyer sees with whom.
        var others = found.Slots.Any(s => s.RepId != found.RepId);
        body.Append($"<p class=\"with\">{h.Encode(rep is null || others ? T["{0} minutes", minutesLong] : T["With {0} · {1} minutes", rep.Rep.Name, minutesLong])}</p>");
        if (meeting is not null)
        {
            var (date, time) = BookingPageModel.When(meeting.StartUtc, zone, culture);
            body.Append($"<p>{h.Encode(T["Your meeting now: {0}, {1}", date, time])} · <a href=\"{h.Encode(visit.Link(zoneId))}\">{h.Encode(T["Keep this time"])}</a></p>");
        }

        if (message is not null)
        {
            body.Append($"<p class=\"notice\" role=\"alert\">{h.Encode(message)}</p>");
        }

        // The zone: a GET form (works without script; booking.js submits it on change and picks the browser's zone).
        body.Append("<form method=\"get\" class=\"zone\" action=\"").Append(h.Encode(visit.Path)).Append("\">")
            .Append($"<label for=\"tz\">{h.Encode(T["Time zone"])}</label><select id=\"tz\" name=\"tz\">");
        foreach (var id in BookingPageModel.Zones(zoneId))
        {
            body.Append($"<option{(id == zoneId ? " selected" : "")}>{h.Encode(id)}</option>");
        }

        body.Append("</select>");
        if (visit.Lang is { } lang)
        {
            body.Append($"<input type=\"hidden\" name=\"lang\" value=\"{lang}\">");
        }

        if (meeting is not null)
        {
            body.Append("<input type=\"hidden\" name=\"change\" value=\"1\">");
        }

        body.Append($"<button type=\"submit\" class=\"secondary\">{h.Encode(T["Show times"])}</button></form>");

        var offered = found.Slots.Where(s => meeting is null || s.Start != meeting.StartUtc).ToList();
        if (offered.Count == 0)
        {
            body.Append($"<p>{h.Encode(T["There are no free times in the next days. We will contact you to find a time."])}</p>");
            return Html(heading, body.ToString(), status, script: visit);
        }

        var action = meeting is null ? visit.Path : $"{visit.Path}/reschedule";
        body.Append($"<form method=\"post\" class=\"slots\" action=\"{h.Encode(action)}\">")
            .Append($"<input type=\"hidden\" name=\"tz\" value=\"{h.Encode(zoneId)}\">");
        if (visit.Lang is { } postLang)
        {
            body.Append($"<input type=\"hidden\" name=\"lang\" value=\"{postLang}\">");
        }

        if (meeting is not null)
        {
            body.Append($"<input type=\"hidden\" name=\"meeting\" value=\"{h.Encode(meeting.Id)}\">");
        }

        var n = 0;
        foreach (var day in BookingPageModel.Group(offered, zone, culture))
        {
            n++;
            body.Append($"<section class=\"day\" aria-labelledby=\"day{n}\"><h2 id=\"day{n}\">{h.Encode(day.Heading)}</h2><div class=\"times\">");
            foreach (var slot in day.Slots)
            {
                var with = others && slot.RepId is { } slotRep && organisation.FindRep(new RepId(slotRep)) is { } person
                    ? $"<span class=\"rep\">{h.Encode(person.Rep.Name)}</span>"
                    : "";
                body.Append($"<button type=\"submit\" name=\"slot\" value=\"{h.Encode(slot.FormValue)}\" data-start=\"{slot.Value}\">{h.Encode(slot.Time)}{with}</button>");
            }

            body.Append("</div></section>");
        }

        body.Append("</form>");
        return Html(heading, body.ToString(), status, script: visit);
    }

    /// <summary>The language switch: each language's own name, keeping the zone.</summary>
    private static string Nav(Visit visit, IStringLocalizer<BookingPageText> T, string zoneId)
    {
        var h = H;
        var german = SupportedCultures.IsGerman(CultureInfo.CurrentUICulture);
        return $"<nav class=\"lang\" aria-label=\"{h.Encode(T["Language"])}\">"
            + $"<a href=\"{h.Encode(visit.Link(zoneId, lang: "de"))}\" lang=\"de\" hreflang=\"de\"{(german ? " aria-current=\"true\"" : "")}>Deutsch</a>"
            + $"<a href=\"{h.Encode(visit.Link(zoneId, lang: "en"))}\" lang=\"en\" hreflang=\"en\"{(german ? "" : " aria-current=\"true\"")}>English</a></nav>";
    }

    private const string Css =
        "body{margin:0;background:#f5f6fa;color:#1f2330;font-family:Inter,Roboto,\"Segoe UI\",\"Helvetica Neue\",Arial,\"Liberation Sans\",sans-serif;line-height:1.5}" +
        "header{background:#283593;color:#fff;font-weight:600;font-size:1.1rem;padding:.9rem 1.25rem}" +
        "main{background:#fff;max-width:46rem;margin:2rem auto;padding:1.5rem 1.75rem;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12),0 1px 2px rgba(0,0,0,.08)}" +
        "h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1rem;margin:1.25rem 0 .5rem}p{margin:.5rem 0}" +
        ".lang{float:right;display:flex;gap:.75rem;font-size:.9rem}.lang a{color:#283593}.lang a[aria-current]{font-weight:700;text-decoration:none}" +
        ".with{color:#4a4f5c}.notice{background:#fff4e5;border-left:4px solid #b26a00;padding:.6rem .9rem}" +
        ".zone{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin:1rem 0}.zone select{font:inherit;padding:.35rem;max-width:100%}" +
        ".times{display:grid;grid-template-columns:repeat(auto-fill,minmax(6rem,1fr));gap:.5rem}" +
        "button,.button{font:inherit;font-weight:600;border-radius:4px;padding:.55rem .75rem;cursor:pointer;text-decoration:none;display:inline-block}" +
        ".times button{color:#283593;background:#fff;border:1px solid #3949ab}.times button:hover{background:#e8eaf6}" +
        ".times .rep{display:block;font-weight:400;font-size:.8rem;color:#4a4f5c}" +
        ".button{color:#fff;background:#3949ab;border:0}.button:hover{background:#283593}" +
        "button.secondary{color:#283593;background:#fff;border:1px solid #9fa8da;font-weight:500}a.secondary{color:#283593;margin-left:1rem}" +
        "button:focus-visible,a:focus-visible,select:focus-visible{outline:2px solid #3949ab;outline-offset:2px}" +
        ".meeting{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.25rem;margin:1rem 0}.meeting dt{color:#4a4f5c}.meeting dd{margin:0;font-weight:600}" +
        ".tz-name{font-weight:400;color:#4a4f5c}.actions{margin-top:1.25rem}" +
        "@media (max-width:480px){main{margin:0;border-radius:0;box-shadow:none;padding:1.25rem}.lang{float:none;margin-bottom:.75rem}" +
        ".times{grid-template-columns:repeat(3,1fr)}.actions a{display:block;margin:0 0 .75rem}}";

    private static IResult Html(string title, string body, int status, Visit? script)
    {
        var h = H;
        var scriptTag = script is null ? "" : $"<script src=\"{h.Encode($"{script.Context.Request.PathBase}/booking.js")}\"></script>";
        var page = $"""
            <!DOCTYPE html>
            <html lang="{h.Encode(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>{h.Encode(title)} · LeadRouting</title>
            <style>{Css}</style></head>
            <body><header>LeadRouting</header><main>{body}</main>{scriptTag}</body></html>
            """;
        return Results.Content(page, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
