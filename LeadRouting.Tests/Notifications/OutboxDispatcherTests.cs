using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Notifications;

/// <summary>The dispatcher across restarts and beside a second instance on the same database, and with payloads it does not know.</summary>
public sealed class OutboxDispatcherTests : IDisposable
{
    private readonly string _sharedData = Directory.CreateTempSubdirectory("leadrouting-shared-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_sharedData, recursive: true);
    }

    /// <summary>An app instance on the shared data folder (database and Data Protection keys), the clock at <paramref name="now"/>.</summary>
    private LeadRoutingApiFactory Instance(DateTimeOffset? now = null)
    {
        var factory = NotificationTestKit.WithLoopbackWebhooks(new Dictionary<string, string> { ["Storage:DataDirectory"] = _sharedData });
        factory.Time.SetUtcNow(now ?? LeadRoutingApiFactory.Now);
        _ = factory.Services;
        return factory;
    }

    [Fact]
    public async Task A_new_instance_on_the_same_database_continues_pending_deliveries_and_never_repeats_delivered_ones()
    {
        var failing = true;
        await using var receiver = await WebhookReceiver.StartAsync((_, _) => Task.FromResult(failing ? 503 : 200));
        var first = Instance();
        await first.SubscribeAsync(receiver.Url);
        await first.InsertOutboxAsync(NotificationTestKit.Routed("ld_restart1"), NotificationTestKit.Routed("ld_restart2"));
        var pending = await first.WaitForDeliveryAsync(d => d.LeadId == "ld_restart1" && d.AttemptEnded(1), "a failed first attempt", "Webhook");
        await first.WaitForDeliveryAsync(d => d.LeadId == "ld_restart2" && d.AttemptEnded(1), "a failed first attempt", "Webhook");
        first.Dispose();

        failing = false;
        using var second = Instance(pending.NextAttemptAt);
        second.Nudge();

        await Eventually.FindAsync(async () => (await second.DeliveriesAsync("Webhook")).All(d => d.Status == DeliveryStatus.Delivered) ? "all" : null, "the pending deliveries delivered by the new instance");
        Assert.All(await second.DeliveriesAsync("Webhook"), d => Assert.Equal(2, d.Attempts));
        Assert.Equal(2, receiver.Received.Count(r => r.Status == 200));

        // Later rounds on the new instance leave delivered rows alone.
        second.Advance(TimeSpan.FromHours(1));
        await second.InsertOutboxAsync(NotificationTestKit.Routed("ld_restart3"));
        await Eventually.FindAsync(async () => (await second.DeliveriesAsync("Webhook")).Count(d => d.Status == DeliveryStatus.Delivered) == 3 ? "three" : null, "the third event delivered");
        Assert.Equal(3, receiver.Received.Count(r => r.Status == 200));
    }

    [Fact]
    public async Task Two_instances_dispatching_one_database_deliver_each_notification_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var first = Instance();
        using var second = Instance();
        await first.SubscribeAsync(receiver.Url);

        var events = Enumerable.Range(1, 30).Select(i => NotificationTestKit.Routed($"ld_twice{i}")).ToArray();
        await first.InsertOutboxAsync(events);
        second.Nudge();

        await Eventually.FindAsync(async () =>
        {
            var webhooks = await first.DeliveriesAsync("Webhook");
            return webhooks.Count == 30 && webhooks.All(d => d.Status == DeliveryStatus.Delivered) ? "all" : null;
        }, "30 webhook deliveries");
        var byDelivery = receiver.Received.GroupBy(r => r.Headers[WebhookSignature.DeliveryHeader]).ToList();
        Assert.Equal(30, byDelivery.Count);
        Assert.All(byDelivery, g => Assert.Single(g));
        Assert.All(await first.DeliveriesAsync(), d => Assert.Equal(1, d.Attempts));
        Assert.Equal(30, await first.QueryAsync(db => db.Outbox.CountAsync(m => m.ProcessedAt != null)));
    }

    [Fact]
    public async Task Messages_that_are_not_lead_events_are_marked_processed_and_the_next_event_still_goes_out()
    {
        using var factory = new LeadRoutingApiFactory();
        var notifier = factory.Services.GetRequiredService<LeadEventNotifier>();
        var live = new List<LeadEvent>();
        using var subscription = notifier.Subscribe(e =>
        {
            lock (live)
            {
                live.Add(e);
            }

            return Task.CompletedTask;
        });
        List<LeadEvent> Snapshot()
        {
            lock (live)
            {
                return [.. live];
            }
        }

        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<LeadRouting.Web.Data.LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            db.Outbox.AddRange(
                new OutboxMessageEntity { CreatedAt = LeadRoutingApiFactory.Now, Type = "LeadRouted", Payload = """{"leadId":"ld_old","status":"Assigned"}""" },
                new OutboxMessageEntity { CreatedAt = LeadRoutingApiFactory.Now, Type = "ManagerNotice", Payload = """{"leadId":"ld_old","reason":"x","manager":"y"}""" },
                new OutboxMessageEntity { CreatedAt = LeadRoutingApiFactory.Now, Type = "Routed", Payload = "not json" });
            await db.SaveChangesAsync();
        }

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_after"));

        await Eventually.FindAsync(() => Task.FromResult(Snapshot().Count > 0 ? "published" : null), "the lead event after the bad messages");
        Assert.Equal("ld_after", Assert.Single(Snapshot()).LeadId);
        var outbox = await factory.QueryAsync(db => db.Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync());
        Assert.All(outbox, m => Assert.NotNull(m.ProcessedAt));
        Assert.Equal(3, outbox.Count(m => m.LastError == "Not a lead event; nobody notified."));
        Assert.All(await factory.DeliveriesAsync(), d => Assert.Equal("ld_after", d.LeadId));
    }

    [Fact]
    public async Task An_event_from_a_newer_writer_is_delivered_with_its_unknown_fields_ignored_and_one_it_cannot_read_is_left_for_an_upgraded_instance()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var factory = NotificationTestKit.WithLoopbackWebhooks();
        await factory.SubscribeAsync(receiver.Url);

        // What a newer version writes during a rolling upgrade: one added member (and a raised version), and a kind
        // this version has never heard of.
        var added = JsonNode.Parse(JsonSerializer.Serialize(NotificationTestKit.Routed("ld_newer"), LeadEventJson.Outbox))!.AsObject();
        added["schemaVersion"] = LeadEvent.CurrentSchemaVersion + 1;
        added["bookingUrl"] = "https://leads.example/book/abc";
        var unknownKind = JsonNode.Parse(JsonSerializer.Serialize(NotificationTestKit.Routed("ld_booked"), LeadEventJson.Outbox))!.AsObject();
        unknownKind["schemaVersion"] = LeadEvent.CurrentSchemaVersion + 1;
        unknownKind["kind"] = "Booked";
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<LeadRouting.Web.Data.LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            db.Outbox.AddRange(
                new OutboxMessageEntity { CreatedAt = LeadRoutingApiFactory.Now, Type = "Routed", Payload = added.ToJsonString() },
                new OutboxMessageEntity { CreatedAt = LeadRoutingApiFactory.Now, Type = "Booked", Payload = unknownKind.ToJsonString() });
            await db.SaveChangesAsync();
        }

        factory.Nudge();

        await factory.WaitForDeliveryAsync(d => d.LeadId == "ld_newer" && d.Status == DeliveryStatus.Delivered, "the newer writer's event delivered", "Webhook");
        Assert.Equal("ld_newer", JsonNode.Parse(Assert.Single(receiver.Received).Body)!["event"]!["leadId"]!.GetValue<string>());
        var left = await Eventually.FindAsync(
            () => factory.QueryAsync(db => db.Outbox.AsNoTracking().SingleOrDefaultAsync(m => m.Type == "Booked" && m.Attempts > 0)),
            "the unreadable newer event deferred");
        Assert.Null(left.ProcessedAt);
        Assert.NotNull(left.NextAttemptAt);
        Assert.Contains($"newer version (schema {LeadEvent.CurrentSchemaVersion + 1}", left.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(await factory.DeliveriesAsync(), d => d.LeadId == "ld_booked");
    }

    [Fact]
    public async Task Outbox_rows_written_by_lead_ingestion_today_are_dispatched_without_getting_stuck()
    {
        using var factory = new LeadRoutingApiFactory();
        var client = factory.CreateApiClient(ApiScopes.Ingest);

        var response = await client.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = "jana@brightlabs.de",
            ["company"] = "Brightlabs",
            ["employees"] = 350,
            ["industry"] = "Software",
            ["country"] = "DE",
            ["source"] = "DemoRequest",
        });
        response.EnsureSuccessStatusCode();
        factory.Nudge();

        await Eventually.FindAsync(
            async () => await factory.QueryAsync(db => db.Outbox.AnyAsync()) && await factory.QueryAsync(db => db.Outbox.AllAsync(m => m.ProcessedAt != null)) ? "done" : null,
            "every outbox row of the posted lead processed");
    }
}
