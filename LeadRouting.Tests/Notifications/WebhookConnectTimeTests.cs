using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Notifications;

/// <summary>
/// The check when a delivery connects: whatever was true at subscription, a webhook reaches only public or allow-listed
/// addresses. The receivers are real Kestrel servers on 127.0.0.1; where a test needs a name to move between a public and
/// a loopback address (DNS rebinding), only the name lookup is faked (<see cref="FakeHostResolver"/>).
/// </summary>
public sealed class WebhookConnectTimeTests
{
    private const string Webhook = "Webhook";
    private const string Rebinding = "hooks.rebind.test";
    private const string PublicAddress = "93.184.215.14";

    [Fact]
    public async Task A_name_that_points_to_loopback_after_subscribing_is_refused_at_connect_time_and_fails_at_once_with_the_reason()
    {
        var dns = new FakeHostResolver();
        dns.Point(Rebinding, PublicAddress);
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>(), dns.Replace);
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await factory.CreateApiClient(ApiScopes.Admin)
            .PostAsJsonAsync("/api/webhooks", new { name = "rebinding", url = $"http://{Rebinding}:{receiver.Url.Port}/hook" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var lookupsAtSubscription = dns.Lookups.Count;
        dns.Point(Rebinding, "127.0.0.1");
        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_rebind"));

        var failed = await factory.WaitForDeliveryAsync(d => d.Status == DeliveryStatus.Failed, "the delivery refused", Webhook);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains($"Refused to connect to {Rebinding}: resolves to 127.0.0.1, which is a loopback address", failed.LastError);
        var audit = await factory.QueryAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.Type == OutboxDispatcher.FailedAuditType));
        Assert.Contains("loopback", audit.Detail);
        Assert.True(lookupsAtSubscription > 0);
        Assert.Equal([Rebinding], dns.Lookups.Skip(lookupsAtSubscription));
        Assert.Equal(0, receiver.Requests);
    }

    /// <summary>The counterpart of the test above: the same name, moved the same way, reaches the receiver when allowed.</summary>
    [Theory]
    [InlineData("127.0.0.0/8")]
    [InlineData(Rebinding)]
    [InlineData("*.rebind.test")]
    public async Task An_allow_listed_name_or_range_is_connected_to_at_the_address_the_name_resolves_to_then(string allowed)
    {
        var dns = new FakeHostResolver();
        dns.Point(Rebinding, PublicAddress);
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:Webhooks:AllowedHosts:0"] = allowed }, dns.Replace);
        await using var receiver = await WebhookReceiver.StartAsync();
        await factory.SubscribeAsync(new Uri($"http://{Rebinding}:{receiver.Url.Port}/hook"));

        dns.Point(Rebinding, "127.0.0.1");
        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_allowed"));

        await factory.WaitForDeliveryAsync(d => d.Status == DeliveryStatus.Delivered, "the delivery", Webhook);
        var call = Assert.Single(receiver.Received);
        Assert.Equal($"{Rebinding}:{receiver.Url.Port}", call.Headers["Host"]);
    }

    /// <summary>
    /// Subscriptions stored before the check existed, or while an allow-list said otherwise, are judged again: every form
    /// the issue lists, then one address of each range it names.
    /// </summary>
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("localhost", "loopback")]
    [InlineData("[::1]", "loopback")]
    [InlineData("2130706433", "loopback")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("127.1", "loopback")]
    [InlineData("0x7f.0.0.1", "loopback")]
    [InlineData("[::ffff:127.0.0.1]", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("192.168.0.1", "private")]
    [InlineData("[fd00::1]", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("[fe80::1]", "link-local")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("[::]", "unspecified")]
    public async Task A_stored_subscription_to_an_internal_address_is_refused_when_delivering(string host, string kind)
    {
        using var factory = new LeadRoutingApiFactory();
        await using var receiver = await WebhookReceiver.StartAsync();
        await StoreSubscriptionAsync(factory, $"http://{host}:{receiver.Url.Port}/hook");

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_stored"));

        var failed = await factory.WaitForDeliveryAsync(d => d.Status == DeliveryStatus.Failed, "the delivery refused", Webhook);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("Refused to connect to", failed.LastError);
        Assert.Contains(kind, failed.LastError);
        Assert.Equal(0, receiver.Requests);
    }

    /// <summary>
    /// An allow-listed name is trusted by name, not for the address it resolves to: another name that resolves to the same
    /// loopback receiver is refused when it connects.
    /// </summary>
    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_at_connect_time_when_only_another_name_is_allow_listed()
    {
        const string allowed = "receiver.allowed.test";
        const string other = "other.loopback.test";
        var dns = new FakeHostResolver();
        dns.Point(allowed, "127.0.0.1");
        dns.Point(other, "127.0.0.1");
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:Webhooks:AllowedHosts:0"] = allowed }, dns.Replace);
        await using var receiver = await WebhookReceiver.StartAsync();
        var trusted = await factory.SubscribeAsync(new Uri($"http://{allowed}:{receiver.Url.Port}/hook"));
        var stored = await StoreSubscriptionAsync(factory, $"http://{other}:{receiver.Url.Port}/hook");

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_two_names"));

        var refused = await factory.WaitForDeliveryAsync(d => d.Recipient == stored.ToString(CultureInfo.InvariantCulture) && d.Status == DeliveryStatus.Failed, "the delivery to the other name refused", Webhook);
        Assert.Contains($"Refused to connect to {other}: resolves to 127.0.0.1, which is a loopback address", refused.LastError);
        Assert.Equal(1, refused.Attempts);
        await factory.WaitForDeliveryAsync(d => d.Recipient == trusted.Id.ToString(CultureInfo.InvariantCulture) && d.Status == DeliveryStatus.Delivered, "the delivery to the allowed name", Webhook);
        var call = Assert.Single(receiver.Received);
        Assert.Equal($"{allowed}:{receiver.Url.Port}", call.Headers["Host"]);
        Assert.Contains(other, dns.Lookups);
    }

    /// <summary>The app's own resolver (DNS, not a fake): <c>localhost</c> allow-listed by name is looked up and reached.</summary>
    [Fact]
    public async Task Localhost_allow_listed_by_name_is_resolved_by_the_system_resolver_and_delivered_to()
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:Webhooks:AllowedHosts:0"] = "localhost" });
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await factory.CreateApiClient(ApiScopes.Admin)
            .PostAsJsonAsync("/api/webhooks", new { name = "local", url = $"http://localhost:{receiver.Url.Port}/hook" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_localhost"));

        await factory.WaitForDeliveryAsync(d => d.Status == DeliveryStatus.Delivered, "the delivery", Webhook);
        Assert.Single(receiver.Received);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_to_another_receiver_is_not_followed(int status)
    {
        using var factory = NotificationTestKit.WithLoopbackWebhooks();
        await using var target = await WebhookReceiver.StartAsync();
        await using var redirecting = await WebhookReceiver.StartAsync((_, _) => Task.FromResult(status), location: target.Url);
        await factory.SubscribeAsync(redirecting.Url);

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_redirect"));

        var attempt = await factory.WaitForDeliveryAsync(d => d.AttemptEnded(1), "the redirected attempt", Webhook);
        Assert.Equal(DeliveryStatus.Pending, attempt.Status);
        Assert.Contains($"HTTP {status}", attempt.LastError);
        Assert.Contains($"a redirect to {target.Url.Scheme}://{target.Url.Authority}/…); redirects are not followed", attempt.LastError);
        Assert.Single(redirecting.Received);
        Assert.Equal(0, target.Requests);
    }

    /// <summary>Writes a subscription the way one made before this check was (or through an allow-list since removed).</summary>
    /// <returns>The subscription's id.</returns>
    private static async Task<int> StoreSubscriptionAsync(LeadRoutingApiFactory factory, string url)
    {
        var protector = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(WebhookSubscriptionService.SecretPurpose);
        return await factory.QueryAsync(async db =>
        {
            var subscription = new WebhookSubscriptionEntity
            {
                Name = "stored",
                Url = url,
                Format = WebhookFormat.Json,
                ProtectedSecret = protector.Protect("whsec_stored"),
                CreatedAt = factory.Time.GetUtcNow(),
            };
            db.WebhookSubscriptions.Add(subscription);
            await db.SaveChangesAsync();
            return subscription.Id;
        });
    }
}
