using System.Text;
using System.Text.Encodings.Web;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Routing;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Leads;

/// <summary>
/// The pages behind the email's Accept and Decline… links (<see cref="ActionLinks"/>). No sign-in: the signed token is
/// the authority, and it only ever acts for the rep and assignment it was made for. A GET only shows a confirmation
/// (mail scanners and link previews fetch links, and must not accept leads); the button POSTs. Decline asks for the
/// reason first. Every refusal — a tampered, expired, used or foreign link, a lead moved on — is a page that says so, in
/// the rep's language, and changes nothing.
/// </summary>
/// <remarks>
/// The form carries no antiforgery token: the action is authorised by the unguessable token in the URL, not by a cookie
/// a forged request could ride on. Everything from the lead is HTML-encoded.
/// </remarks>
public static class ActionLinkPages
{
    public static IEndpointRouteBuilder MapActionLinkPages(this IEndpointRouteBuilder endpoints)
    {
        var pages = endpoints.MapGroup(ActionLinks.PathPrefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        pages.MapGet("/{token}/accept", (string token, HttpContext context, CancellationToken ct) => ShowAsync(token, decline: false, context, ct));
        pages.MapGet("/{token}/decline", (string token, HttpContext context, CancellationToken ct) => ShowAsync(token, decline: true, context, ct));
        pages.MapPost("/{token}/accept", (string token, HttpContext context, CancellationToken ct) => ActAsync(token, decline: false, context, ct));
        pages.MapPost("/{token}/decline", (string token, HttpContext context, CancellationToken ct) => ActAsync(token, decline: true, context, ct));
        return endpoints;
    }

    private static async Task<IResult> ShowAsync(string token, bool decline, HttpContext context, CancellationToken ct)
    {
        var services = context.RequestServices;
        var (claims, text, refused) = await OpenAsync(token, services, ct);
        if (refused is not null)
        {
            return refused;
        }

        var (refusal, lead) = await services.GetRequiredService<RepResponses>().CheckLinkAsync(claims!, decline, ct);
        return refusal is { } refusedNow ? Page(text, refusedNow) : Form(text, lead!, decline, error: null);
    }

    private static async Task<IResult> ActAsync(string token, bool decline, HttpContext context, CancellationToken ct)
    {
        var services = context.RequestServices;
        var (claims, text, refused) = await OpenAsync(token, services, ct);
        if (refused is not null)
        {
            return refused;
        }

        var responses = services.GetRequiredService<RepResponses>();
        if (!decline)
        {
            return Page(text, await responses.AcceptByLinkAsync(claims!, ct));
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(ct) : null;
        var outcome = await responses.DeclineByLinkAsync(claims!, form?["reason"].ToString(), ct);
        if (outcome == RepResponseOutcome.ReasonMissing && (await responses.CheckLinkAsync(claims!, decline: true, ct)) is (null, { } lead))
        {
            return Form(text, lead, decline: true, error: text.T["Say why you decline the lead (1–{0} characters).", LeadActionsService.MaxReasonLength]);
        }

        return Page(text, outcome);
    }

    /// <summary>
    /// The link's claims and the page's language, or the page refusing it: a token that is not ours (or was changed) and
    /// an expired one are refused the same way whether the link is shown or used.
    /// </summary>
    private static async Task<(ActionLinkClaims? Claims, ActionLinkText Text, IResult? Refused)> OpenAsync(string token, IServiceProvider services, CancellationToken ct)
    {
        var links = services.GetRequiredService<ActionLinks>();
        if (links.Read(token) is not { } claims)
        {
            var nobody = await TextAsync(services, null, ct);
            return (null, nobody, Page(nobody, RepResponseOutcome.InvalidLink));
        }

        var text = await TextAsync(services, claims.RepId, ct);
        return links.HasExpired(claims) ? (claims, text, Page(text, RepResponseOutcome.Expired)) : (claims, text, null);
    }

    /// <summary>The page's language: the rep's (their choice, else their calendar's), as their email; the browser's for a link of nobody.</summary>
    private static async Task<ActionLinkText> TextAsync(IServiceProvider services, string? repId, CancellationToken ct)
    {
        var T = services.GetRequiredService<IStringLocalizer<ActionLinkText>>();
        var texts = services.GetRequiredService<NotificationTexts>();
        if (repId is null)
        {
            return new ActionLinkText(T, null, null);
        }

        var organisation = (await services.GetRequiredService<ConfigurationStore>().CurrentAsync(ct)).Engine.Configuration.Organisation;
        var email = organisation.Reps.FirstOrDefault(r => r.Id.Value == repId)?.Email;
        var locale = await services.GetRequiredService<RecipientDirectory>().ForEmailAsync(email ?? "", repId, ct);
        return new ActionLinkText(T, locale, texts.Clock(locale));
    }

    private static IResult Form(ActionLinkText text, LeadEntity lead, bool decline, string? error)
    {
        using var speaking = text.Speak();
        var html = new StringBuilder();
        var h = HtmlEncoder.Default;
        html.Append("<h1>").Append(h.Encode(decline ? text.T["Decline this lead?"] : text.T["Accept this lead?"])).Append("</h1>");
        html.Append("<p class=\"lead\">").Append(h.Encode(LeadNames.Contact(lead.FirstName, lead.LastName, lead.Email)));
        if (!string.IsNullOrWhiteSpace(lead.Company))
        {
            html.Append(" · ").Append(h.Encode(lead.Company));
        }

        html.Append("</p>");
        if (lead.RespondBy is { } respondBy && text.Clock is { } clock)
        {
            html.Append("<p>").Append(h.Encode(text.T["Respond by"])).Append(": ").Append(h.Encode(clock.When(respondBy))).Append("</p>");
        }

        html.Append("<form method=\"post\">");
        if (decline)
        {
            html.Append("<label for=\"reason\">").Append(h.Encode(text.T["Why do you decline it?"])).Append("</label>")
                .Append("<textarea id=\"reason\" name=\"reason\" required maxlength=\"").Append(LeadActionsService.MaxReasonLength).Append("\" rows=\"4\"></textarea>");
            if (error is not null)
            {
                html.Append("<p class=\"error\" role=\"alert\">").Append(h.Encode(error)).Append("</p>");
            }

            html.Append("<p>").Append(h.Encode(text.T["The lead is routed to someone else at once."])).Append("</p>");
        }

        html.Append("<button type=\"submit\">").Append(h.Encode(decline ? text.T["Decline lead"] : text.T["Accept lead"])).Append("</button></form>");
        return Html(text, decline ? text.T["Decline lead"] : text.T["Accept lead"], html.ToString(), error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static IResult Page(ActionLinkText text, RepResponseOutcome outcome)
    {
        using var speaking = text.Speak();
        var (status, title, detail) = outcome switch
        {
            RepResponseOutcome.Accepted => (200, text.T["Lead accepted"], text.T["The lead is yours. Your inbox shows it as accepted."]),
            RepResponseOutcome.Declined => (200, text.T["Lead declined"], text.T["The lead is routed to someone else."]),
            RepResponseOutcome.InvalidLink => (400, text.T["This link is not valid"], text.T["The link is incomplete or was changed. Open the lead from your inbox instead."]),
            RepResponseOutcome.Expired => (410, text.T["This link has expired"], text.T["The acceptance window has ended. Open your inbox to see where the lead is now."]),
            RepResponseOutcome.AlreadyUsed => (409, text.T["This link was used already"], text.T["Each email's links work once. Open your inbox to see the lead."]),
            RepResponseOutcome.NotYours => (403, text.T["This lead is no longer yours"], text.T["It was reassigned or given to someone else since the email was sent; nothing was changed."]),
            RepResponseOutcome.AlreadyHandled => (409, text.T["Nothing to do"], text.T["The lead was already accepted or has moved on; nothing was changed."]),
            RepResponseOutcome.NoLead => (404, text.T["Lead not found"], text.T["The lead no longer exists."]),
            RepResponseOutcome.ReasonMissing => (400, text.T["A reason is needed"], text.T["Say why you decline the lead (1–{0} characters).", LeadActionsService.MaxReasonLength]),
            _ => (503, text.T["Try again in a moment"], text.T["The lead cannot be changed right now; nothing was changed."]),
        };
        var h = HtmlEncoder.Default;
        return Html(text, title, $"<h1>{h.Encode(title)}</h1><p>{h.Encode(detail)}</p>", status);
    }

    private const string Css =
        "body{margin:0;background:#f5f6fa;color:#1f2330;font-family:Inter,Roboto,\"Segoe UI\",\"Helvetica Neue\",Arial,\"Liberation Sans\",sans-serif;line-height:1.5}" +
        "header{background:#283593;color:#fff;font-weight:600;font-size:1.1rem;padding:.9rem 1.25rem}" +
        "main{background:#fff;max-width:34rem;margin:2rem auto;padding:1.5rem 1.75rem;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12),0 1px 2px rgba(0,0,0,.08)}" +
        "h1{font-size:1.5rem;margin:0 0 1rem}p{margin:.5rem 0}.lead{font-weight:600}" +
        "label{display:block;margin-top:1rem;font-weight:500}" +
        "textarea{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #9ea3b0;border-radius:4px;margin-top:.25rem}" +
        "textarea:focus,button:focus{outline:2px solid #3949ab;outline-offset:2px}" +
        "button{font:inherit;font-weight:600;color:#fff;background:#3949ab;border:0;border-radius:4px;padding:.6rem 1.5rem;margin-top:1rem;cursor:pointer}" +
        "button:hover{background:#283593}.error{color:#c62828}" +
        "@media (max-width:480px){main{margin:0;border-radius:0;box-shadow:none;padding:1.25rem}button{width:100%}}";

    private static IResult Html(ActionLinkText text, string title, string body, int status)
    {
        var h = HtmlEncoder.Default;
        // The product's look without its Blazor shell (the page is public and static): the app bar's indigo, the theme's
        // font stack and background, a card; the button spans the width on a phone.
        var page = $"""
            <!DOCTYPE html>
            <html lang="{h.Encode(text.Language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><title>{h.Encode(title)} · LeadRouting</title>
            <style>{Css}</style></head>
            <body><header>LeadRouting</header><main>{body}</main></body></html>
            """;
        return Results.Content(page, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
