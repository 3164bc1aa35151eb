using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;
using LeadRouting.Web.Retention;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Retention;

/// <summary>What the retention tests share: an app on a real SQLite file, rows of a given age, a run of the job's runner.</summary>
internal static class RetentionTestKit
{
    /// <summary>
    /// An app whose outbox dispatcher is off (rows of the test stay as written) and the given settings. Closed leads
    /// are kept unless a test sets <see cref="ClosedLeads"/>: their erasure writes an audit event of its own, which
    /// tests of the other kinds would count.
    /// </summary>
    public static LeadRoutingApiFactory App(IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false", [ClosedLeads] = "0" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return LeadRoutingApiFactory.WithSettings(all, services);
    }

    /// <summary>The setting of the closed leads' period, in days.</summary>
    public const string ClosedLeads = "Retention:ClosedLeadsPersonalData";

    public static DateTimeOffset Now(this LeadRoutingApiFactory app) => app.Time.GetUtcNow();

    /// <summary>One run of retention, as the job does it (a fresh scope, the app's clock).</summary>
    public static async Task<RetentionReport> RunRetentionAsync(this LeadRoutingApiFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionRunner>().RunAsync(CancellationToken.None);
    }

    public static async Task<T> WithDbAsync<T>(this LeadRoutingApiFactory app, Func<LeadRoutingDbContext, Task<T>> query)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public static async Task<long> AddOutboxAsync(this LeadRoutingApiFactory app, DateTimeOffset createdAt, DateTimeOffset? processedAt, DateTimeOffset? nextAttemptAt = null) =>
        (await app.AddOutboxAsync(1, createdAt, processedAt, nextAttemptAt))[0];

    public static Task<List<long>> AddOutboxAsync(this LeadRoutingApiFactory app, int count, DateTimeOffset createdAt, DateTimeOffset? processedAt, DateTimeOffset? nextAttemptAt = null) =>
        app.WithDbAsync(async db =>
        {
            var rows = Enumerable.Range(0, count)
                .Select(_ => new OutboxMessageEntity { CreatedAt = createdAt, Type = "RetentionTest", Payload = "{}", ProcessedAt = processedAt, NextAttemptAt = nextAttemptAt, Attempts = processedAt is null ? 0 : 1 })
                .ToList();
            db.Outbox.AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(r => r.Id).ToList();
        });

    public static Task<long> AddDeliveryAsync(this LeadRoutingApiFactory app, long outboxMessageId, DeliveryStatus status, DateTimeOffset createdAt, DateTimeOffset nextAttemptAt, DateTimeOffset? deliveredAt, string recipient) =>
        app.WithDbAsync(async db =>
        {
            var row = new NotificationDeliveryEntity
            {
                OutboxMessageId = outboxMessageId,
                LeadId = "lead-retention-test",
                EventKind = LeadEventKind.Routed,
                Channel = "Email",
                Recipient = recipient,
                Status = status,
                Attempts = 1,
                CreatedAt = createdAt,
                NextAttemptAt = nextAttemptAt,
                DeliveredAt = deliveredAt,
            };
            db.NotificationDeliveries.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });

    public static Task<List<long>> AddAuditEventsAsync(this LeadRoutingApiFactory app, int count, DateTimeOffset at, string? leadId = null) =>
        app.WithDbAsync(async db =>
        {
            var rows = Enumerable.Range(0, count)
                .Select(i => new AuditEventEntity { LeadId = leadId, At = at, Actor = "retention-test", Type = "RetentionTest", Detail = $"event {i}" })
                .ToList();
            db.AuditEvents.AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(r => r.Id).ToList();
        });

    /// <summary>Closes the lead (disqualified) at <paramref name="closedAt"/>.</summary>
    public static Task CloseLeadAsync(this LeadRoutingApiFactory app, string leadId, DateTimeOffset closedAt) =>
        app.WithDbAsync(db => db.Leads.Where(l => l.Id == leadId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Stage, LeadStage.Disqualified).SetProperty(l => l.ClosedAt, closedAt)));

    /// <summary>Sets the lead's acceptance (<c>EscalateAt</c>) and response (<c>RespondBy</c>) deadlines.</summary>
    public static Task SetDeadlinesAsync(this LeadRoutingApiFactory app, string leadId, DateTimeOffset respondBy, DateTimeOffset escalateAt) =>
        app.WithDbAsync(db => db.Leads.Where(l => l.Id == leadId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RespondBy, respondBy).SetProperty(l => l.EscalateAt, escalateAt)));

    /// <summary>Records nudges as sent at <paramref name="sentAt"/>, one per name.</summary>
    public static Task AddNudgesAsync(this LeadRoutingApiFactory app, string leadId, DateTimeOffset sentAt, params string[] nudges) =>
        app.WithDbAsync(async db =>
        {
            db.LeadNudges.AddRange(nudges.Select(n => new LeadNudgeEntity { LeadId = leadId, Nudge = n, SentAt = sentAt }));
            return await db.SaveChangesAsync();
        });

    /// <summary>Records an accept/decline link of the lead as used at <paramref name="usedAt"/>.</summary>
    public static Task AddLinkUseAsync(this LeadRoutingApiFactory app, string key, string leadId, DateTimeOffset usedAt) =>
        app.WithDbAsync(async db =>
        {
            db.ActionLinkUses.Add(new ActionLinkUseEntity { Key = key, LeadId = leadId, RepId = "dach-mid-1", Action = "Accept", UsedAt = usedAt });
            return await db.SaveChangesAsync();
        });

    public static JsonObject Lead(string email) => new()
    {
        ["email"] = email,
        ["firstName"] = "Jana",
        ["lastName"] = "Richter",
        ["company"] = "Brightlabs",
        ["employees"] = 350,
        ["industry"] = "Software",
        ["country"] = "DE",
        ["techStack"] = new JsonArray("HubSpot"),
        ["source"] = "DemoRequest",
    };

    /// <summary>Posts a lead and answers its id; fails unless the API acknowledged it (201).</summary>
    public static async Task<string> IngestAsync(this HttpClient client, string email)
    {
        var response = await client.PostAsJsonAsync("/api/leads", Lead(email));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (string)body["lead"]!["id"]!;
    }

    public static HttpClient IngestClient(this LeadRoutingApiFactory app) => app.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
}
