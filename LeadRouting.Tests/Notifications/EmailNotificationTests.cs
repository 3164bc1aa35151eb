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
        // Clara Fischer works to the Berlin calendar and chose no language: German.
        Assert.Equal("Neuer Lead: Jana Richter (Brightlabs <GmbH> & Co)", message.Subject);
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
        Assert.StartsWith("Lead eskaliert: Jana Richter", message.Subject);
        Assert.Contains("No first touch within 30 min", message.TextBody);
        var delivery = await factory.WaitForDeliveryAsync(d => d.Status == DeliveryStatus.Delivered, "the escalation email recorded");
        Assert.Single(await factory.DeliveriesAsync("Email"));
        Assert.Equal("katrin.vogel@leadrouting.demo", delivery.Recipient);
    }

    [Fact]
    public async Task An_escalation_email_to_a_German_manager_is_German_with_Berlin_time()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var factory = WithSmtp(smtp);

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_de") with { Kind = LeadEventKind.Escalated, Reason = "Accepted but not touched by the escalation trigger" });

        var message = await smtp.NextMessageAsync();
        Assert.Equal("katrin.vogel@leadrouting.demo", message.To.Mailboxes.Single().Address);
        Assert.Equal("Lead eskaliert: Jana Richter (Brightlabs <GmbH> & Co)", message.Subject);
        // 15:15 and 15:30 UTC on 30 Nov are 16:15 and 16:30 in Berlin.
        foreach (var line in new[] { "Phase: Zugewiesen", "Verantwortlicher: Clara Fischer", "Grund: Angenommen, aber bis zur Eskalationsfrist nicht kontaktiert", "Reagieren bis: 30. Nov., 16:15 (Europe/Berlin)", "Eskaliert um: 30. Nov., 16:30 (Europe/Berlin)", "Lead öffnen: https://leads.example.test/leads/ld_de" })
        {
            Assert.Contains(line, message.TextBody, StringComparison.Ordinal);
        }

        // As a mail program shows the HTML part (it encodes "ö" as an entity).
        var html = System.Net.WebUtility.HtmlDecode(message.HtmlBody);
        Assert.Contains("<td>Reagieren bis</td><td>30. Nov., 16:15 (Europe/Berlin)</td>", html, StringComparison.Ordinal);
        Assert.Contains(">Lead öffnen</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_reassignment_is_English_with_New_York_time_for_a_rep_in_New_York_and_German_for_the_Berlin_manager()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var factory = WithSmtp(smtp);

        // Triggered by the German manager; each recipient still reads it in their own language and zone.
        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_ny", ownerId: "na-mid-1") with
        {
            Kind = LeadEventKind.Reassigned, OwnerName = "Ryan Davis", PreviousOwnerId = "dach-mid-1", Actor = "katrin.vogel@leadrouting.demo",
            Reason = "acceptance window lapsed",
        });

        var mails = new[] { await smtp.NextMessageAsync(), await smtp.NextMessageAsync() }.ToDictionary(m => m.To.Mailboxes.Single().Address);
        var rep = mails["na-mid-1@leadrouting.demo"];
        Assert.Equal("Lead reassigned: Jana Richter (Brightlabs <GmbH> & Co)", rep.Subject);
        foreach (var line in new[] { "Stage: Assigned", "Owner: Ryan Davis", "Respond by: 30 Nov, 10:15 (America/New_York)", "Escalates at: 30 Nov, 10:30 (America/New_York)", "Reason: acceptance window lapsed", "Open the lead: " })
        {
            Assert.Contains(line, rep.TextBody, StringComparison.Ordinal);
        }

        var manager = mails["katrin.vogel@leadrouting.demo"];
        Assert.Equal("Lead neu zugewiesen: Jana Richter (Brightlabs <GmbH> & Co)", manager.Subject);
        Assert.Contains("Reagieren bis: 30. Nov., 16:15 (Europe/Berlin)", manager.TextBody, StringComparison.Ordinal);
        Assert.Contains("Grund: Annahmefenster abgelaufen", manager.TextBody, StringComparison.Ordinal);
        Assert.All(mails.Values, m => Assert.DoesNotContain("UTC", m.TextBody, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recipients_own_language_and_zone_beat_their_team_calendar()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var factory = WithSmtp(smtp);
        await factory.PreferAsync("katrin.vogel@leadrouting.demo", "en-GB", "UTC");
        await factory.PreferAsync("na-mid-1@leadrouting.demo", "de-DE", "Europe/Berlin");

        await factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_pref", ownerId: "na-mid-1") with { Kind = LeadEventKind.Reassigned, OwnerName = "Ryan Davis" });

        var mails = new[] { await smtp.NextMessageAsync(), await smtp.NextMessageAsync() }.ToDictionary(m => m.To.Mailboxes.Single().Address);
        Assert.StartsWith("Lead reassigned: ", mails["katrin.vogel@leadrouting.demo"].Subject, StringComparison.Ordinal);
        Assert.Contains("Respond by: 30 Nov, 15:15 (UTC)", mails["katrin.vogel@leadrouting.demo"].TextBody, StringComparison.Ordinal);
        Assert.StartsWith("Lead neu zugewiesen: ", mails["na-mid-1@leadrouting.demo"].Subject, StringComparison.Ordinal);
        Assert.Contains("Reagieren bis: 30. Nov., 16:15 (Europe/Berlin)", mails["na-mid-1@leadrouting.demo"].TextBody, StringComparison.Ordinal);
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
