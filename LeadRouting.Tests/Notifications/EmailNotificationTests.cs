using LeadRouting.Tests.Api;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;
using MimeKit;

namespace LeadRouting.Tests.Notifications;

/// <summary>Email from the outbox to a real SMTP server on loopback, and the development mail sink.</summary>
public sealed class EmailNotificationTests
{
    private static LeadRoutingApiFactory WithSmtp(SmtpSink smtp) => LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:UseTls"] = "false",
        ["Notifications:Smtp:From"] = "LeadRouting <routing@example.test>",
        ["Notifications:BaseUrl"] = "https://leads.example.test/",
    });

    [Fact]
    public async Task Routed_lead_emails_the_owning_rep_over_SMTP_with_a_link_to_the_lead()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var factory = WithSmtp(smtp);

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_mail1", ownerId: "dach-mid-1"));

        var message = await smtp.NextMessageAsync();
        Assert.Equal("dach-mid-1@leadrouting.demo", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("routing@example.test", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal("New lead: Jana Richter (Brightlabs <GmbH> & Co)", message.Subject);
        Assert.Contains("https://leads.example.test/leads/ld_mail1", message.TextBody);
        Assert.Contains("href=\"https://leads.example.test/leads/ld_mail1\"", message.HtmlBody);
        Assert.Contains("Brightlabs &lt;GmbH&gt; &amp; Co", message.HtmlBody);
        Assert.DoesNotContain("<GmbH>", message.HtmlBody);

        var delivery = await factory.WaitForDeliveryAsync(d => d.Status == DeliveryStatus.Delivered, "the email delivery recorded as delivered");
        Assert.Equal(("Email", "dach-mid-1@leadrouting.demo", 1, "ld_mail1"), (delivery.Channel, delivery.Recipient, delivery.Attempts, delivery.LeadId));
        Assert.Equal(LeadRoutingApiFactory.Now, delivery.DeliveredAt);
    }

    [Fact]
    public async Task Escalation_emails_the_team_manager_and_not_the_rep()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var factory = WithSmtp(smtp);

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_mail2") with { Kind = LeadEventKind.Escalated, Reason = "No first touch within 30 min" });

        var message = await smtp.NextMessageAsync();
        Assert.Equal("katrin.vogel@leadrouting.demo", Assert.Single(message.To.Mailboxes).Address);
        Assert.StartsWith("Lead escalated: Jana Richter", message.Subject);
        Assert.Contains("No first touch within 30 min", message.TextBody);
        var delivery = await factory.WaitForDeliveryAsync(d => d.Status == DeliveryStatus.Delivered, "the escalation email recorded");
        Assert.Single(await factory.DeliveriesAsync("Email"));
        Assert.Equal("katrin.vogel@leadrouting.demo", delivery.Recipient);
    }

    [Fact]
    public async Task Reassignment_emails_the_new_owner_and_the_manager_while_merges_and_touches_email_nobody()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var factory = WithSmtp(smtp);

        await factory.InsertOutboxAsync(
            NotificationTestKit.Routed("ld_mail3") with { Kind = LeadEventKind.Merged },
            NotificationTestKit.Routed("ld_mail3") with { Kind = LeadEventKind.Touched },
            NotificationTestKit.Routed("ld_mail3", ownerId: "dach-mid-2") with { Kind = LeadEventKind.Reassigned, PreviousOwnerId = "dach-mid-1" });

        var first = await smtp.NextMessageAsync();
        var second = await smtp.NextMessageAsync();
        Assert.Equal(
            ["dach-mid-2@leadrouting.demo", "katrin.vogel@leadrouting.demo"],
            new[] { first, second }.Select(m => m.To.Mailboxes.Single().Address).Order());
        await Eventually.FindAsync(async () => (await factory.DeliveriesAsync()).All(d => d.Status == DeliveryStatus.Delivered) ? "done" : null, "both deliveries recorded");
        Assert.All(await factory.DeliveriesAsync(), d => Assert.Equal(LeadEventKind.Reassigned, d.EventKind));
        Assert.Equal(2, (await factory.DeliveriesAsync()).Count);
    }

    [Fact]
    public async Task Without_SMTP_in_Development_each_email_is_an_eml_file_in_the_data_folder()
    {
        using var factory = new LeadRoutingApiFactory();

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_mail4"));

        var delivery = await factory.WaitForDeliveryAsync(d => d.Status == DeliveryStatus.Delivered, "the email written to the mail folder");
        var file = Path.Combine(factory.DataDirectory, "mail", $"delivery-{delivery.Id}.eml");
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("dach-mid-1@leadrouting.demo", message.To.Mailboxes.Single().Address);
        Assert.Contains("http://localhost:5080/leads/ld_mail4", message.TextBody);
    }
}
