using System.Text.Json.Nodes;
using LeadRouting.Web.Live;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// Block Kit for the Slack webhook message of a lead handed to a rep: the text as a section, then Accept and Decline…
/// buttons (issue 19). A button's value names the lead and the assignment (<c>{leadId} {assigned-at UTC ticks}</c>), so a
/// button of a lead reassigned since does nothing. The clicks come back to <c>/api/slack/interactions</c>.
/// </summary>
public static class SlackBlocks
{
    public const string AcceptAction = "lead_accept";
    public const string DeclineAction = "lead_decline";

    /// <summary>Slack's limit on a section's text.</summary>
    private const int MaxSectionText = 3_000;

    /// <summary>The body of the webhook message: <c>text</c> (the notification's fallback) and, when the lead waits for its owner's answer, the buttons.</summary>
    public static JsonObject Message(string text, LeadEvent leadEvent, string acceptLabel, string declineLabel)
    {
        var message = new JsonObject { ["text"] = text };
        if (leadEvent.AssignedAt is { } assignedAt && NotificationRules.AsksOwner(leadEvent))
        {
            var value = ButtonValue(leadEvent.LeadId, assignedAt);
            message["blocks"] = new JsonArray(
                Section(text),
                new JsonObject
                {
                    ["type"] = "actions",
                    ["block_id"] = "lead_response",
                    ["elements"] = new JsonArray(
                        Button(AcceptAction, acceptLabel, value, "primary"),
                        Button(DeclineAction, declineLabel, value, null)),
                });
        }

        return message;
    }

    public static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn.Length > MaxSectionText ? mrkdwn[..(MaxSectionText - 1)] + "…" : mrkdwn },
    };

    public static string ButtonValue(string leadId, DateTimeOffset assignedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{leadId} {assignedAt.UtcTicks}");

    public static bool TryReadValue(string? value, out string leadId, out DateTimeOffset assignedAt)
    {
        leadId = "";
        assignedAt = default;
        var space = value?.LastIndexOf(' ') ?? -1;
        if (space <= 0 || !long.TryParse(value.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        leadId = value![..space];
        assignedAt = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    /// <summary>Slack mrkdwn: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped, so a name cannot become a link or a mention.</summary>
    public static string Escape(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static JsonObject Button(string actionId, string label, string value, string? style)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = actionId,
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = label },
            ["value"] = value,
        };
        if (style is not null)
        {
            button["style"] = style;
        }

        return button;
    }
}
