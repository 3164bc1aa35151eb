using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Api;

/// <summary>
/// <c>POST /api/slack/interactions</c>: the Interactivity Request URL of the Slack app (issue 19). Slack posts
/// <c>payload={json}</c> form-encoded when someone clicks Accept or Decline… on a lead's message
/// (<see cref="SlackBlocks"/>). Nothing is read before the request is verified as Slack's (<see cref="SlackSignature"/>:
/// the signing secret's HMAC over the raw body and a timestamp at most 5 minutes old); then the clicking Slack user is
/// mapped to a rep by the rep's <c>slackUserId</c>, and the rep accepts through the inbox's owner checks
/// (<see cref="RepResponses"/>). Decline needs a reason, which a button cannot carry: the owner gets a signed link to
/// the reason page, visible only to them. Slack gets the updated message as the answer (and on the interaction's
/// <c>response_url</c>).
/// </summary>
public static class SlackInteractionsApi
{
    public const string Path = "/api/slack/interactions";

    /// <summary>Interaction payloads are a few kilobytes; anything much larger is not Slack's.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapSlackInteractionsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, HandleAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> HandleAsync(
        HttpContext context,
        IOptions<SlackOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(SlackInteractionsApi));
        var secret = options.Value.SigningSecret;
        if (string.IsNullOrWhiteSpace(secret))
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "Slack interactions are off", "Set Slack:SigningSecret to the Slack app's signing secret.");
        }

        var body = await ReadBodyAsync(context.Request, ct);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Too large", $"An interaction payload is at most {MaxBodyBytes} bytes.");
        }

        var headers = context.Request.Headers;
        if (SlackSignature.Refusal(secret, headers[SlackSignature.TimestampHeader], headers[SlackSignature.SignatureHeader], body, time.GetUtcNow()) is { } refusal)
        {
            logger.LogWarning("Refused a Slack interaction: {Refusal}", refusal);
            return Problem(StatusCodes.Status401Unauthorized, "Not a verified Slack request", refusal);
        }

        if (Interaction.Read(body) is not { } interaction)
        {
            return Problem(StatusCodes.Status400BadRequest, "Unreadable payload", "The form field 'payload' must be a Slack block_actions interaction.", "payload");
        }

        if (interaction.Action is not (SlackBlocks.AcceptAction or SlackBlocks.DeclineAction)
            || !SlackBlocks.TryReadValue(interaction.Value, out var leadId, out var assignedAt))
        {
            // Another app's button, or a kind this endpoint does not handle: acknowledged, nothing done.
            return TypedResults.Ok(new JsonObject());
        }

        var services = context.RequestServices;
        var organisation = (await services.GetRequiredService<ConfigurationStore>().CurrentAsync(ct)).Engine.Configuration.Organisation;
        var rep = organisation.Reps.FirstOrDefault(r => r.SlackUserId is { Length: > 0 } id && string.Equals(id, interaction.UserId, StringComparison.Ordinal));
        var locale = await services.GetRequiredService<RecipientDirectory>().ForEmailAsync(rep?.Email ?? "", rep?.Id.Value, ct);
        var T = services.GetRequiredService<IStringLocalizer<ActionLinkText>>();
        JsonObject answer;
        if (rep is null)
        {
            using (locale.Speak())
            {
                answer = Ephemeral(T["Your Slack user is not linked to a rep in LeadRouting; ask Ops to add it to your rep settings (Slack user ID)."]);
            }
        }
        else if (interaction.Action == SlackBlocks.AcceptAction)
        {
            var outcome = await services.GetRequiredService<RepResponses>().AcceptFromSlackAsync(rep.Id.Value, leadId, assignedAt, ct);
            using (locale.Speak())
            {
                answer = outcome == RepResponseOutcome.Accepted
                    ? Replace($"*{SlackBlocks.Escape(T["Lead accepted"])}* · {SlackBlocks.Escape(await ContactAsync(services, leadId, ct))} · {SlackBlocks.Escape(rep.Name)}")
                    : Ephemeral(Refusal(T, outcome));
            }
        }
        else
        {
            answer = await DeclineLinkAsync(services, T, locale, rep.Id.Value, leadId, assignedAt, time, ct);
        }

        await PostToResponseUrlAsync(services, interaction.ResponseUrl, answer, logger, ct);
        return TypedResults.Ok(answer);
    }

    /// <summary>The owner's private answer to Decline…: a signed link to the reason page of this assignment.</summary>
    private static async Task<JsonObject> DeclineLinkAsync(
        IServiceProvider services, IStringLocalizer<ActionLinkText> T, RecipientLocale locale, string repId, string leadId, DateTimeOffset assignedAt, TimeProvider time, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync(ct);
        var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == leadId, ct);
        using var speaking = locale.Speak();
        if (lead is null)
        {
            return Ephemeral(Refusal(T, RepResponseOutcome.NoLead));
        }

        if (lead.OwnerId != repId || lead.AssignedAt != assignedAt)
        {
            return Ephemeral(Refusal(T, RepResponseOutcome.NotYours));
        }

        if (lead.Stage is not (LeadStage.Assigned or LeadStage.Accepted))
        {
            return Ephemeral(Refusal(T, RepResponseOutcome.AlreadyHandled));
        }

        var expires = lead.EscalateAt is { } escalateAt && escalateAt > time.GetUtcNow() ? escalateAt : time.GetUtcNow().AddHours(1);
        var url = services.GetRequiredService<ActionLinks>().DeclineUrl(
            services.GetRequiredService<IOptions<NotificationOptions>>().Value.BaseUrl, new ActionLinkClaims(lead.Id, repId, assignedAt, expires));
        return Ephemeral($"{SlackBlocks.Escape(T["Say why you decline the lead:"])} <{SlackBlocks.Escape(url)}|{SlackBlocks.Escape(T["Decline lead"])}>");
    }

    private static string Refusal(IStringLocalizer<ActionLinkText> T, RepResponseOutcome outcome) => outcome switch
    {
        RepResponseOutcome.NotYours => T["This lead is no longer yours"],
        RepResponseOutcome.AlreadyHandled => T["The lead was already accepted or has moved on; nothing was changed."],
        RepResponseOutcome.NoLead => T["Lead not found"],
        _ => T["The lead cannot be changed right now; nothing was changed."],
    };

    private static async Task<string> ContactAsync(IServiceProvider services, string leadId, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync(ct);
        var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == leadId, ct);
        var contact = LeadNames.Contact(lead.FirstName, lead.LastName, lead.Email);
        return lead.Company is { Length: > 0 } company ? $"{contact} ({company})" : contact;
    }

    private static JsonObject Ephemeral(string text) => new()
    {
        ["response_type"] = "ephemeral",
        ["replace_original"] = false,
        ["text"] = text,
    };

    /// <summary>The lead's message becomes what happened, without the buttons.</summary>
    private static JsonObject Replace(string mrkdwn) => new()
    {
        ["replace_original"] = true,
        ["text"] = mrkdwn,
        ["blocks"] = new JsonArray(SlackBlocks.Section(mrkdwn)),
    };

    /// <summary>
    /// Slack takes the answer from <c>response_url</c> for block actions; only Slack's own host is ever posted to, so a
    /// forged URL in a (verified, hence Slack's) payload could not make this app call anything else.
    /// </summary>
    private static async Task PostToResponseUrlAsync(IServiceProvider services, string? responseUrl, JsonObject answer, ILogger logger, CancellationToken ct)
    {
        if (!Uri.TryCreate(responseUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || url.Host != "hooks.slack.com")
        {
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            using var content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await services.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookChannel.HttpClientName).PostAsync(url, content, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Slack's response_url answered HTTP {Status}", (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            // The action is done and Slack also has the answer in the response body: a lost update is only cosmetic.
            logger.LogWarning(ex, "Could not post to Slack's response_url");
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult Problem(int status, string title, string detail, string? field = null)
    {
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>What this endpoint reads of a <c>block_actions</c> payload: who clicked which button, and where to answer.</summary>
    private sealed record Interaction(string UserId, string? Action, string? Value, string? ResponseUrl)
    {
        public static Interaction? Read(byte[] body)
        {
            try
            {
                var form = new FormReader(Encoding.UTF8.GetString(body)).ReadForm();
                if (!form.TryGetValue("payload", out var payload) || payload.Count != 1)
                {
                    return null;
                }

                var json = JsonNode.Parse(payload.ToString());
                if (json?["type"]?.GetValue<string>() != "block_actions" || json["user"]?["id"]?.GetValue<string>() is not { Length: > 0 } user)
                {
                    return null;
                }

                var action = json["actions"]?.AsArray().FirstOrDefault();
                return new Interaction(user, action?["action_id"]?.GetValue<string>(), action?["value"]?.GetValue<string>(), json["response_url"]?.GetValue<string>());
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or InvalidDataException)
            {
                return null;
            }
        }
    }
}
