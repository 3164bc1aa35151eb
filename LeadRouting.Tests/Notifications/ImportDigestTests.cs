using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace LeadRouting.Tests.Notifications;

/// <summary>
/// No notification storm from a CSV import (issue 16): through the real API, the real outbox dispatcher and a real SMTP
/// server, an import's leads send no email one by one; each manager and rep who would have been emailed gets one digest.
/// </summary>
public sealed class ImportDigestTests
{
    private const string ImportUrl = "/api/leads/import";
    private const string DachManager = "katrin.vogel@leadrouting.demo";

    private static LeadRoutingApiFactory WithSmtp(SmtpSink smtp) => LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Notifications:Smtp:UseTls"] = "false",
        ["Notifications:Smtp:From"] = "LeadRouting <routing@example.test>",
        ["Notifications:BaseUrl"] = "https://leads.example.test/",
    });

    /// <summary><paramref name="count"/> DACH demo requests of distinct people, all of which route to the DACH team.</summary>
    private static string DachFile(int count, string batch)
    {
        var csv = new StringBuilder("email,firstName,lastName,company,employees,industry,country,source\n");
        for (var i = 1; i <= count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"p{i}.{batch}@firma{i}-{batch}.de,Person,{i},Firma {i} GmbH,350,Software,DE,DemoRequest\n");
        }

        return csv.ToString();
    }

    private static StringContent Csv(string csv) => new(csv, Encoding.UTF8, "text/csv");

    /// <summary>Every rep at capacity 0: every lead that needs a rep waits in the Unassigned queue, its manager told.</summary>
    private static Task NobodyHasCapacityAsync(LeadRoutingApiFactory factory) =>
        PublishedConfigurationEdits.PublishAsync(factory.CreateApiClient(ApiScopes.Admin), document =>
        {
            foreach (var rep in document["organisation"]!["reps"]!.AsArray())
            {
                rep!["capacity"] = 0;
            }
        });

    private static async Task<JsonObject> ImportAsync(LeadRoutingApiFactory factory, string csv)
    {
        var response = await factory.CreateApiClient(ApiScopes.Ingest).PostAsync(ImportUrl, Csv(csv));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Waits until the dispatcher has planned every outbox message and every email delivery has ended.</summary>
    private static Task NotificationsSettledAsync(LeadRoutingApiFactory factory) =>
        Eventually.FindAsync(async () =>
        {
            factory.Nudge();
            var unplanned = await factory.QueryAsync(db => db.Outbox.CountAsync(m => m.ProcessedAt == null));
            var pending = await factory.QueryAsync(db => db.NotificationDeliveries.CountAsync(d => d.Channel == "Email" && d.Status == DeliveryStatus.Pending));
            return unplanned == 0 && pending == 0 ? "settled" : null;
        }, "every outbox message planned and every email delivered");

    [Fact]
    public async Task Importing_200_rows_that_go_unassigned_sends_their_manager_one_digest_with_the_counts_instead_of_200_emails()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var factory = WithSmtp(smtp);
        await NobodyHasCapacityAsync(factory);

        var summary = await ImportAsync(factory, DachFile(200, "storm") + "not-an-email,X,Y,Z,1,Software,DE,DemoRequest\n");
        Assert.Equal((201, 200, 1), ((int)summary["rows"]!, (int)summary["created"]!, (int)summary["rejected"]!));

        var digest = await smtp.NextMessageAsync();
        await NotificationsSettledAsync(factory);

        var stages = await factory.QueryAsync(db => db.Leads.Where(l => l.Email.EndsWith("-storm.de")).GroupBy(l => l.Stage).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(200, Assert.Single(stages, s => s.Key == LeadStage.Unassigned).Count);
        var mails = smtp.Received.Select(r => r.Message).ToList();
        Assert.Equal([DachManager], mails.Select(m => m.To.Mailboxes.Single().Address));
        Assert.Equal(DachManager, digest.To.Mailboxes.Single().Address);
        // Katrin Vogel manages the Berlin team and chose no language: the digest is German.
        Assert.Equal("Import: 200 Leads erfordern Ihr Handeln (201 Zeilen)", digest.Subject);
        foreach (var line in new[] { "Zeilen: 201", "Neu angelegt: 200", "Zusammengeführt: 0", "Bereits importiert: 0", "Abgewiesen: 1", "Zugewiesen: 0", "Nicht zugewiesen: 200", "Manuelle Prüfung: 0", "Nurture: 0", "Disqualifiziert: 0", "Erfordern Ihr Handeln: 200", "Ihre Teams: DACH Sales", "Warteschlangen öffnen: https://leads.example.test/board" })
        {
            Assert.Contains(line, digest.TextBody, StringComparison.Ordinal);
        }

        Assert.Contains("https://leads.example.test/board", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://leads.example.test/board\"", digest.HtmlBody, StringComparison.Ordinal);

        // One delivery, of the one digest message, for the whole import; the 400 per-lead events planned no email.
        var email = Assert.Single(await factory.DeliveriesAsync("Email"));
        Assert.Equal((LeadEventKind.ImportDigest, DeliveryStatus.Delivered), (email.EventKind, email.Status));
        var digests = await factory.QueryAsync(db => db.Outbox.Where(m => m.Type == nameof(LeadEventKind.ImportDigest)).ToListAsync());
        Assert.Equal(email.OutboxMessageId, Assert.Single(digests).Id);
    }

    [Fact]
    public async Task An_all_or_nothing_import_sends_one_digest_too()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var factory = WithSmtp(smtp);
        await NobodyHasCapacityAsync(factory);
        // The manager chose English: her choice beats her team calendar's German.
        await factory.PreferAsync(DachManager, "en-GB", null);

        var response = await factory.CreateApiClient(ApiScopes.Ingest).PostAsync($"{ImportUrl}?atomic=true", Csv(DachFile(30, "atomic")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var digest = await smtp.NextMessageAsync();
        await NotificationsSettledAsync(factory);

        Assert.Equal("Import: 30 leads need your action (30 rows)", digest.Subject);
        Assert.Equal([DachManager], smtp.Received.Select(r => r.Message.To.Mailboxes.Single().Address));
    }

    [Fact]
    public async Task Each_rep_gets_one_email_listing_every_new_lead_of_the_import_routed_to_them()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var factory = WithSmtp(smtp);
        await PublishedConfigurationEdits.PublishAsync(factory.CreateApiClient(ApiScopes.Admin), document =>
        {
            foreach (var rep in document["organisation"]!["reps"]!.AsArray())
            {
                rep!["capacity"] = 10_000;
            }
        });

        await ImportAsync(factory, DachFile(40, "reps"));
        await smtp.NextMessageAsync();
        await NotificationsSettledAsync(factory);

        var leads = await factory.QueryAsync(db => db.Leads.AsNoTracking().Where(l => l.Email.EndsWith("-reps.de")).ToListAsync());
        Assert.Equal(40, leads.Count);
        var byOwner = leads.Where(l => l.OwnerId is not null).GroupBy(l => l.OwnerId!).ToDictionary(g => $"{g.Key}@leadrouting.demo", g => g.Select(l => l.Id).ToList());
        Assert.True(byOwner.Count >= 2, $"the file should spread over several reps, went to {string.Join(", ", byOwner.Keys)}");

        var mails = smtp.Received.Select(r => r.Message).ToList();
        var recipients = mails.Select(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.Equal(recipients.Count, recipients.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var (rep, ids) in byOwner)
        {
            var mail = Assert.Single(mails, m => m.To.Mailboxes.Single().Address == rep);
            // DACH reps on the Berlin calendar: German, each lead's response time in Berlin time.
            Assert.Equal(ids.Count == 1 ? "Import: 1 neuer Lead für Sie" : $"Import: {ids.Count} neue Leads für Sie", mail.Subject);
            Assert.Contains("Ihre neuen Leads:", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(" (Europe/Berlin): https://leads.example.test/leads/", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(", reagieren bis ", mail.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("UTC", mail.TextBody, StringComparison.Ordinal);
            foreach (var id in ids)
            {
                Assert.Contains($"href=\"https://leads.example.test/leads/{id}\"", mail.HtmlBody, StringComparison.Ordinal);
            }

            Assert.Equal(ids.Count, CountOf("https://leads.example.test/leads/", mail.TextBody ?? ""));
            Assert.Contains("Ihren Eingang öffnen: https://leads.example.test/inbox", mail.TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_single_post_still_emails_the_manager_at_once()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var factory = WithSmtp(smtp);
        await NobodyHasCapacityAsync(factory);

        var response = await factory.CreateApiClient(ApiScopes.Ingest).PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = "single@firma-single.de",
            ["company"] = "Firma Single GmbH",
            ["employees"] = 350,
            ["industry"] = "Software",
            ["country"] = "DE",
            ["source"] = "DemoRequest",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var mail = await smtp.NextMessageAsync();
        Assert.Equal(DachManager, mail.To.Mailboxes.Single().Address);
        Assert.StartsWith("Handlungsbedarf: ", mail.Subject, StringComparison.Ordinal);
        var outbox = await factory.QueryAsync(db => db.Outbox.AsNoTracking().ToListAsync());
        Assert.DoesNotContain(outbox, m => m.Type == nameof(LeadEventKind.ImportDigest));
        Assert.All(outbox, m => Assert.Null(JsonSerializer.Deserialize<LeadEvent>(m.Payload, LeadEventJson.Outbox)!.ImportId));
    }

    private static int CountOf(string what, string text)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
