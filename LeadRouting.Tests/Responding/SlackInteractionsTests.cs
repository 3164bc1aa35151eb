using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using LeadRouting.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Responding;

/// <summary>
/// Issue 19 part 4: Slack's Accept / Decline… buttons and <c>POST /api/slack/interactions</c>. Payloads are shaped like
/// the ones Slack posts (form-encoded <c>payload=</c>, a <c>block_actions</c> interaction), signed the way Slack signs
/// (computed here independently of the app's code); a wrong signature, a stale timestamp and someone else's click act on
/// nothing.
/// </summary>
public sealed class SlackInteractionsTests : IDisposable
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Path = "/api/slack/interactions";

    private readonly LeadRoutingApiFactory _factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Slack:SigningSecret"] = Secret });

    public SlackInteractionsTests() => _ = _factory.Server;

    public void Dispose() => _factory.Dispose();

    private async Task<LeadEntity> LeadAsync(string id)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.Leads.AsNoTracking().SingleAsync(l => l.Id == id);
    }

    /// <summary>Links Slack users to the two DACH mid-level reps, then routes a demo request to one of them.</summary>
    private async Task<LeadEntity> AssignedLeadAsync()
    {
        using var admin = _factory.CreateApiClient();
        await PublishedConfigurationEdits.PublishAsync(admin, document =>
        {
            PublishedConfigurationEdits.Rep(document, "dach-mid-1")["slackUserId"] = "U0MID0001";
            PublishedConfigurationEdits.Rep(document, "dach-mid-2")["slackUserId"] = "U0MID0002";
        });
        var result = await _factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = "jana@slack-buttons.de",
            FirstName = "Jana",
            LastName = "Richter",
            Company = "Slack Buttons GmbH",
            Country = "DE",
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        var lead = await LeadAsync(result.LeadId!);
        Assert.Equal(LeadStage.Assigned, lead.Stage);
        Assert.True(lead.OwnerId is "dach-mid-1" or "dach-mid-2", lead.OwnerId);
        return lead;
    }

    private static string SlackUserOf(string repId) => repId == "dach-mid-1" ? "U0MID0001" : "U0MID0002";

    /// <summary>A block_actions payload as Slack posts it when <paramref name="slackUser"/> clicks <paramref name="action"/>.</summary>
    private static string Payload(string slackUser, string action, string value) => new JsonObject
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = slackUser, ["username"] = "clara.fischer", ["name"] = "clara.fischer", ["team_id"] = "T0LEADS01" },
        ["api_app_id"] = "A0LEADROUT",
        ["token"] = "verification-token-not-used",
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1764514800.000100", ["channel_id"] = "C0SALESDACH", ["is_ephemeral"] = false },
        ["trigger_id"] = "1764514805.123456.abcdef",
        ["team"] = new JsonObject { ["id"] = "T0LEADS01", ["domain"] = "example-sales" },
        ["channel"] = new JsonObject { ["id"] = "C0SALESDACH", ["name"] = "sales-dach" },
        // Not Slack's host: the app posts its answer to response_url only on hooks.slack.com, and tests stay offline.
        ["response_url"] = "https://slack-response.invalid/actions/T0LEADS01/1/abc",
        ["actions"] = new JsonArray(new JsonObject
        {
            ["action_id"] = action,
            ["block_id"] = "lead_response",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Accept", ["emoji"] = true },
            ["value"] = value,
            ["type"] = "button",
            ["action_ts"] = "1764514805.000200",
        }),
    }.ToJsonString();

    private static string Body(string payload) => "payload=" + Uri.EscapeDataString(payload);

    private static string Signature(string secret, long timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    private async Task<HttpResponseMessage> PostAsync(string body, long? timestamp = null, string? signature = null)
    {
        var ts = timestamp ?? _factory.Time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Add("X-Slack-Request-Timestamp", ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", signature ?? Signature(Secret, ts, body));
        using var client = _factory.CreateClient();
        return await client.SendAsync(request);
    }

    [Fact]
    public void The_signature_matches_Slacks_documented_example()
    {
        const string body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        const string expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
        var at = DateTimeOffset.FromUnixTimeSeconds(1531420618);

        Assert.Equal(expected, SlackSignature.Sign(Secret, "1531420618", Encoding.UTF8.GetBytes(body)));
        Assert.Null(SlackSignature.Refusal(Secret, "1531420618", expected, Encoding.UTF8.GetBytes(body), at.AddMinutes(4)));
        Assert.NotNull(SlackSignature.Refusal(Secret, "1531420618", expected, Encoding.UTF8.GetBytes(body), at.AddMinutes(6)));
        Assert.NotNull(SlackSignature.Refusal(Secret, "1531420618", expected, Encoding.UTF8.GetBytes(body + "&x=1"), at));
    }

    [Fact]
    public async Task The_owners_click_on_Accept_accepts_the_lead_and_answers_with_the_updated_message()
    {
        var lead = await AssignedLeadAsync();

        var response = await PostAsync(Body(Payload(SlackUserOf(lead.OwnerId!), SlackBlocks.AcceptAction, SlackBlocks.ButtonValue(lead.Id, lead.AssignedAt!.Value))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True((bool)answer["replace_original"]!);
        Assert.Contains("Jana Richter", (string)answer["text"]!, StringComparison.Ordinal);
        Assert.Null(answer["blocks"]!.AsArray().FirstOrDefault(b => (string?)b!["type"] == "actions"));
        var after = await LeadAsync(lead.Id);
        Assert.Equal(LeadStage.Accepted, after.Stage);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.EndsWith("(Slack)", (await db.AuditEvents.SingleAsync(e => e.LeadId == lead.Id && e.Type == "Accepted")).Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_signature_is_refused_before_anything_is_read()
    {
        var lead = await AssignedLeadAsync();
        var body = Body(Payload(SlackUserOf(lead.OwnerId!), SlackBlocks.AcceptAction, SlackBlocks.ButtonValue(lead.Id, lead.AssignedAt!.Value)));
        var ts = _factory.Time.GetUtcNow().ToUnixTimeSeconds();

        var wrongSecret = await PostAsync(body, ts, Signature("another-apps-secret", ts, body));
        var missing = await PostAsync(body, ts, "");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(lead.Version, (await LeadAsync(lead.Id)).Version);
    }

    [Fact]
    public async Task A_stale_timestamp_is_refused_even_with_its_valid_signature()
    {
        var lead = await AssignedLeadAsync();
        var body = Body(Payload(SlackUserOf(lead.OwnerId!), SlackBlocks.AcceptAction, SlackBlocks.ButtonValue(lead.Id, lead.AssignedAt!.Value)));
        var sixMinutesAgo = _factory.Time.GetUtcNow().AddMinutes(-6).ToUnixTimeSeconds();

        var response = await PostAsync(body, sixMinutesAgo);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("5 minutes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(lead.Version, (await LeadAsync(lead.Id)).Version);
    }

    [Fact]
    public async Task Another_reps_click_is_refused_privately_and_changes_nothing()
    {
        var lead = await AssignedLeadAsync();
        var other = lead.OwnerId == "dach-mid-1" ? "dach-mid-2" : "dach-mid-1";

        var response = await PostAsync(Body(Payload(SlackUserOf(other), SlackBlocks.AcceptAction, SlackBlocks.ButtonValue(lead.Id, lead.AssignedAt!.Value))));
        var stranger = await PostAsync(Body(Payload("U0STRANGER", SlackBlocks.AcceptAction, SlackBlocks.ButtonValue(lead.Id, lead.AssignedAt!.Value))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("ephemeral", (string?)answer["response_type"]);
        Assert.False((bool)answer["replace_original"]!);
        Assert.Equal("ephemeral", (string?)(await stranger.Content.ReadFromJsonAsync<JsonObject>())!["response_type"]);
        var after = await LeadAsync(lead.Id);
        Assert.Equal((lead.Version, LeadStage.Assigned, lead.OwnerId), (after.Version, after.Stage, after.OwnerId));
    }

    [Fact]
    public async Task A_button_of_an_earlier_assignment_is_refused()
    {
        var lead = await AssignedLeadAsync();

        var response = await PostAsync(Body(Payload(SlackUserOf(lead.OwnerId!), SlackBlocks.AcceptAction, SlackBlocks.ButtonValue(lead.Id, lead.AssignedAt!.Value.AddMinutes(-30)))));

        Assert.Equal("ephemeral", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["response_type"]);
        Assert.Equal(lead.Version, (await LeadAsync(lead.Id)).Version);
    }

    [Fact]
    public async Task Decline_gives_the_owner_a_signed_link_to_the_reason_page_and_changes_nothing_yet()
    {
        var lead = await AssignedLeadAsync();

        var response = await PostAsync(Body(Payload(SlackUserOf(lead.OwnerId!), SlackBlocks.DeclineAction, SlackBlocks.ButtonValue(lead.Id, lead.AssignedAt!.Value))));

        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("ephemeral", (string?)answer["response_type"]);
        var text = (string)answer["text"]!;
        var url = text[(text.IndexOf('<', StringComparison.Ordinal) + 1)..text.IndexOf('|', StringComparison.Ordinal)];
        var claims = _factory.Services.GetRequiredService<ActionLinks>().Read(url.Split('/')[^2]);
        Assert.Equal((lead.Id, lead.OwnerId, lead.AssignedAt), (claims!.LeadId, claims.RepId, (DateTimeOffset?)claims.AssignedAt));
        Assert.EndsWith("/decline", url, StringComparison.Ordinal);
        Assert.Equal(lead.Version, (await LeadAsync(lead.Id)).Version);
    }

    [Fact]
    public async Task Without_a_signing_secret_the_endpoint_acts_on_nothing()
    {
        using var factory = new LeadRoutingApiFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsync(Path, new StringContent("payload=%7B%7D", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Slack:SigningSecret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_lead_handed_to_its_owner_gets_Accept_and_Decline_buttons_bound_to_the_assignment()
    {
        var routed = NotificationsTestEvent(LeadEventKind.Routed, LeadStage.Assigned);
        var message = SlackBlocks.Message("*New lead*", routed, "Accept", "Decline…");
        var buttons = message["blocks"]!.AsArray().Single(b => (string?)b!["type"] == "actions")!["elements"]!.AsArray();
        Assert.Equal([SlackBlocks.AcceptAction, SlackBlocks.DeclineAction], buttons.Select(b => (string)b!["action_id"]!));
        Assert.True(SlackBlocks.TryReadValue((string?)buttons[0]!["value"], out var leadId, out var assignedAt));
        Assert.Equal((routed.LeadId, routed.AssignedAt), (leadId, (DateTimeOffset?)assignedAt));

        // An accepted lead, or a notice to the manager, has nothing to click.
        Assert.Null(SlackBlocks.Message("x", NotificationsTestEvent(LeadEventKind.Accepted, LeadStage.Accepted), "A", "D")["blocks"]);
        Assert.Null(SlackBlocks.Message("x", NotificationsTestEvent(LeadEventKind.Escalated, LeadStage.Assigned), "A", "D")["blocks"]);
    }

    private static LeadEvent NotificationsTestEvent(LeadEventKind kind, LeadStage stage) => new()
    {
        Kind = kind,
        LeadId = "ld_slack1",
        At = LeadRoutingApiFactory.Now,
        Actor = "test",
        Status = stage,
        OwnerId = "dach-mid-1",
        AssignedAt = LeadRoutingApiFactory.Now,
        EscalateAt = LeadRoutingApiFactory.Now.AddMinutes(30),
    };
}
