using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Tests.Notifications;

/// <summary>Signed webhooks to real Kestrel receivers on loopback; back-off on the fake clock.</summary>
public sealed class WebhookNotificationTests
{
    private const string Webhook = "Webhook";
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Webhook_failing_twice_then_succeeding_is_delivered_once_with_back_off_and_a_verifiable_signature()
    {
        using var factory = NotificationTestKit.WithLoopbackWebhooks();
        await using var receiver = await WebhookReceiver.StartAsync(500, 500, 200);
        string secret = "";
        await factory.SubscribeAsync(receiver.Url, secret: s => secret = s);
        var start = factory.Time.GetUtcNow();

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_hook1"));

        var first = await factory.WaitForDeliveryAsync(d => d.AttemptEnded(1), "the first (failed) attempt", Webhook);
        Assert.Equal((DeliveryStatus.Pending, start + FirstRetry), (first.Status, first.NextAttemptAt));
        Assert.Contains("HTTP 500", first.LastError);

        factory.Advance(FirstRetry);
        var second = await factory.WaitForDeliveryAsync(d => d.AttemptEnded(2), "the second (failed) attempt", Webhook);
        Assert.Equal(start + FirstRetry + 2 * FirstRetry, second.NextAttemptAt);

        factory.Advance(2 * FirstRetry);
        var delivered = await factory.WaitForDeliveryAsync(d => d.Status == DeliveryStatus.Delivered, "the third attempt delivered", Webhook);
        Assert.Equal((3, start + 3 * FirstRetry, (string?)null), (delivered.Attempts, delivered.DeliveredAt, delivered.LastError));

        // Much later, another event: the dispatcher has run rounds past every back-off, and the first delivery is not repeated.
        factory.Advance(TimeSpan.FromHours(2));
        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_hook2"));
        await Eventually.FindAsync(async () => (await factory.DeliveriesAsync(Webhook)).Count(d => d.Status == DeliveryStatus.Delivered) == 2 ? "both" : null, "the second event delivered");

        var calls = receiver.Received.Where(r => r.Headers[WebhookSignature.DeliveryHeader] == delivered.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([500, 500, 200], calls.Select(c => c.Status));
        Assert.All(receiver.Received, call => Assert.True(
            WebhookSignature.Verify(secret, call.Headers[WebhookSignature.TimestampHeader], call.Body, call.Headers[WebhookSignature.SignatureHeader]),
            "the signature verifies with the subscription's secret"));
        Assert.False(WebhookSignature.Verify("whsec_wrong", calls[2].Headers[WebhookSignature.TimestampHeader], calls[2].Body, calls[2].Headers[WebhookSignature.SignatureHeader]));
        Assert.Equal(
            (start + 3 * FirstRetry).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            calls[2].Headers[WebhookSignature.TimestampHeader]);

        using var body = JsonDocument.Parse(calls[2].Body);
        Assert.Equal("Routed", body.RootElement.GetProperty("kind").GetString());
        Assert.Equal(delivered.Id, body.RootElement.GetProperty("deliveryId").GetInt64());
        Assert.Equal("http://localhost:5080/leads/ld_hook1", body.RootElement.GetProperty("leadUrl").GetString());
        Assert.Equal("ld_hook1", body.RootElement.GetProperty("event").GetProperty("leadId").GetString());
        Assert.Equal("Assigned", body.RootElement.GetProperty("event").GetProperty("status").GetString());
        Assert.Equal("Routed", calls[2].Headers[WebhookSignature.EventHeader]);
    }

    [Fact]
    public async Task Slack_format_posts_only_text_with_the_lead_escaped_and_linked()
    {
        using var factory = NotificationTestKit.WithLoopbackWebhooks();
        await using var receiver = await WebhookReceiver.StartAsync();
        await factory.SubscribeAsync(receiver.Url, WebhookFormat.Slack);

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_slack"));

        await factory.WaitForDeliveryAsync(d => d.Status == DeliveryStatus.Delivered, "the Slack message delivered", Webhook);
        using var body = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        var property = Assert.Single(body.RootElement.EnumerateObject());
        Assert.Equal("text", property.Name);
        var text = property.Value.GetString()!;
        // The DACH team's channel: its manager chose no language and the team calendar is Berlin's, so German.
        Assert.StartsWith("*Neuer Lead: Jana Richter (Brightlabs &lt;GmbH&gt; &amp; Co)*", text);
        Assert.Contains("\nVerantwortlicher: Clara Fischer\n", text);
        Assert.Contains("\nReagieren bis: 30. Nov., 16:15 (Europe/Berlin)\n", text);
        Assert.DoesNotContain("UTC", text);
        Assert.EndsWith("<http://localhost:5080/leads/ld_slack|Lead öffnen>", text);
    }

    [Fact]
    public async Task A_Slack_channel_speaks_its_team_managers_language_and_the_JSON_webhook_stays_machine_readable()
    {
        using var factory = NotificationTestKit.WithLoopbackWebhooks();
        await using var receiver = await WebhookReceiver.StartAsync();
        await factory.SubscribeAsync(receiver.Url, WebhookFormat.Slack, teamId: "uki");
        await factory.SubscribeAsync(receiver.Url, WebhookFormat.Json, teamId: "uki");

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_uki", ownerId: "uki-mid-1", teamId: "uki") with { OwnerName = "Jack Thompson", Team = "UK & Ireland Sales" });

        await Eventually.FindAsync(async () => (await factory.DeliveriesAsync(Webhook)).Count(d => d.Status == DeliveryStatus.Delivered) == 2 ? "both" : null, "both webhooks delivered");
        var bodies = receiver.Received.Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToList();
        var slack = (string)Assert.Single(bodies, b => b.ContainsKey("text"))["text"]!;
        // The London team: English, London time (15:15 UTC is 15:15 in London in November).
        Assert.StartsWith("*New lead: Jana Richter", slack);
        Assert.Contains("\nRespond by: 30 Nov, 15:15 (Europe/London)\n", slack);
        Assert.EndsWith("|Open the lead>", slack);

        var json = Assert.Single(bodies, b => b.ContainsKey("event"));
        Assert.Equal("Routed", (string?)json["kind"]);
        Assert.Equal("Assigned", (string?)json["event"]!["status"]);
        Assert.Equal(LeadRoutingApiFactory.Now.AddMinutes(15), json["event"]!["respondBy"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Subscriptions_filter_by_team_and_rep()
    {
        using var factory = NotificationTestKit.WithLoopbackWebhooks();
        await using var receiver = await WebhookReceiver.StartAsync();
        var everything = await factory.SubscribeAsync(receiver.Url);
        var dach = await factory.SubscribeAsync(receiver.Url, teamId: "dach");
        var uki = await factory.SubscribeAsync(receiver.Url, teamId: "uki");
        var clara = await factory.SubscribeAsync(receiver.Url, repId: "dach-mid-1");
        var david = await factory.SubscribeAsync(receiver.Url, teamId: "dach", repId: "dach-mid-2");

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_filter", ownerId: "dach-mid-1", teamId: "dach"));

        await Eventually.FindAsync(async () => (await factory.DeliveriesAsync(Webhook)).All(d => d.Status == DeliveryStatus.Delivered) && receiver.Received.Count == 3 ? "all" : null, "three deliveries");
        Assert.Equal(
            new[] { everything.Id, dach.Id, clara.Id }.Select(id => id.ToString(CultureInfo.InvariantCulture)),
            (await factory.DeliveriesAsync(Webhook)).Select(d => d.Recipient));
        Assert.DoesNotContain((await factory.DeliveriesAsync(Webhook)).Select(d => d.Recipient), r => r == uki.Id.ToString(CultureInfo.InvariantCulture) || r == david.Id.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Dead_webhook_is_retried_with_back_off_then_audited_as_failed_and_other_deliveries_do_not_wait()
    {
        using var factory = NotificationTestKit.WithLoopbackWebhooks(new Dictionary<string, string> { ["Notifications:MaxAttempts"] = "3" });
        await using var alive = await WebhookReceiver.StartAsync();
        var dead = await factory.SubscribeAsync(new Uri($"http://127.0.0.1:{NotificationTestKit.FreePort()}/hook"));
        var live = await factory.SubscribeAsync(alive.Url);
        var start = factory.Time.GetUtcNow();

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_dead"));

        var delivered = await factory.WaitForDeliveryAsync(d => d.Status == DeliveryStatus.Delivered, "the live webhook delivered", Webhook);
        Assert.Equal(live.Id.ToString(CultureInfo.InvariantCulture), delivered.Recipient);
        var deadRecipient = dead.Id.ToString(CultureInfo.InvariantCulture);
        var first = await factory.WaitForDeliveryAsync(d => d.Recipient == deadRecipient && d.AttemptEnded(1), "the dead webhook's first attempt", Webhook);
        Assert.Equal(start + FirstRetry, first.NextAttemptAt);

        factory.Advance(FirstRetry);
        var second = await factory.WaitForDeliveryAsync(d => d.Recipient == deadRecipient && d.AttemptEnded(2), "the second attempt", Webhook);
        Assert.Equal((DeliveryStatus.Pending, start + 3 * FirstRetry), (second.Status, second.NextAttemptAt));

        factory.Advance(2 * FirstRetry);
        var failed = await factory.WaitForDeliveryAsync(d => d.Recipient == deadRecipient && d.Status == DeliveryStatus.Failed, "the dead webhook given up", Webhook);
        Assert.Equal(3, failed.Attempts);
        Assert.NotNull(failed.LastError);

        var audit = await factory.QueryAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Type == OutboxDispatcher.FailedAuditType).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Contains($"Webhook to {deadRecipient}", entry.Detail);
        Assert.Contains("3 attempt(s)", entry.Detail);
        Assert.Equal(start + 3 * FirstRetry, entry.At);
        Assert.Single(alive.Received);
    }

    [Fact]
    public async Task Hanging_webhook_holds_one_slot_while_other_deliveries_go_out_and_times_out_on_the_app_clock()
    {
        using var factory = NotificationTestKit.WithLoopbackWebhooks();
        var hanging = new TaskCompletionSource();
        await using var stuck = await WebhookReceiver.StartAsync(async (_, aborted) =>
        {
            hanging.TrySetResult();
            // The hang is the behaviour under test: it ends only when the caller gives up.
            await Task.Delay(Timeout.Infinite, aborted);
            return 200;
        });
        await using var alive = await WebhookReceiver.StartAsync();
        var slow = await factory.SubscribeAsync(stuck.Url);
        await factory.SubscribeAsync(alive.Url);

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_hang1"), NotificationTestKit.Routed("ld_hang2"));

        await hanging.Task.WaitAsync(NotificationTestKit.NetworkWait);
        await Eventually.FindAsync(async () => (await factory.DeliveriesAsync(Webhook)).Count(d => d.Status == DeliveryStatus.Delivered) == 2 ? "two" : null, "both events delivered to the live webhook");
        var slowRecipient = slow.Id.ToString(CultureInfo.InvariantCulture);
        var inFlight = (await factory.DeliveriesAsync(Webhook)).Where(d => d.Recipient == slowRecipient).ToList();
        Assert.Contains(inFlight, d => d.Attempts == 1 && d.LockedUntil is not null);

        factory.Advance(TimeSpan.FromSeconds(30));
        var timedOut = await factory.WaitForDeliveryAsync(d => d.Recipient == slowRecipient && d.LastError is not null && d.AttemptEnded(1), "the hanging attempt timed out", Webhook);
        Assert.Equal(DeliveryStatus.Pending, timedOut.Status);
        Assert.Equal(2, alive.Received.Count);
    }

    [Fact]
    public async Task Leads_are_ingested_and_answered_while_a_webhook_hangs()
    {
        using var factory = NotificationTestKit.WithLoopbackWebhooks();
        var hanging = new TaskCompletionSource();
        await using var stuck = await WebhookReceiver.StartAsync(async (_, aborted) =>
        {
            hanging.TrySetResult();
            // The hang is the behaviour under test: it ends only when the caller gives up.
            await Task.Delay(Timeout.Infinite, aborted);
            return 200;
        });
        await factory.SubscribeAsync(stuck.Url);
        var client = factory.CreateApiClient(Web.Security.ApiScopes.Ingest);

        // The first lead's notification reaches the hanging webhook; the leads after it are answered all the same.
        var first = await client.PostAsJsonAsync("/api/leads", Lead(0));
        Assert.Equal(System.Net.HttpStatusCode.Created, first.StatusCode);
        await hanging.Task.WaitAsync(NotificationTestKit.NetworkWait);
        var answers = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => client.PostAsJsonAsync("/api/leads", Lead(i))))
            .WaitAsync(NotificationTestKit.NetworkWait);
        Assert.All(answers, a => Assert.Equal(System.Net.HttpStatusCode.Created, a.StatusCode));
        Assert.Equal(21, await factory.QueryAsync(db => db.Leads.CountAsync()));
        Assert.Contains(await factory.DeliveriesAsync(Webhook), d => d.Attempts == 1 && d.LockedUntil is not null && d.Status == DeliveryStatus.Pending);

        static System.Text.Json.Nodes.JsonObject Lead(int i) => new()
        {
            ["email"] = $"hang{i}@hanging-webhook-{i}.de",
            ["employees"] = 300,
            ["country"] = "DE",
            ["source"] = "DemoRequest",
        };
    }
}
