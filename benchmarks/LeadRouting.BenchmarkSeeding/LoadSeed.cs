using System.Text.Json.Nodes;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.BenchmarkSeeding;

/// <summary>
/// The large database the sweep and board benchmarks measure against, built the same way for both: the real app
/// in-process over a data folder, demo data, every calendar around the clock and every rep with room, then demo requests
/// ingested through the real write path, and half of the assigned leads given a decided first response.
/// </summary>
public static class LoadSeed
{
    /// <summary>The real app in-process on a (fresh or seeded) data folder, with demo data and nothing else writing: Quartz and the outbox dispatcher off.</summary>
    public static WebApplicationFactory<Program> HostApp(string dataDirectory) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Demo:Enabled", "true");
            builder.UseSetting("Demo:HistoryDays", "0");
            builder.UseSetting("Scheduling:Enabled", "false");
            builder.UseSetting("Notifications:DispatcherEnabled", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        });

    /// <summary>
    /// Every calendar around the clock and every rep with room, so a benchmark routes the same way at any hour and the
    /// open leads keep their owners' clocks running (the demo reps hold only a few hundred leads between them).
    /// </summary>
    public static async Task PublishForLoadAsync(IServiceProvider services, string author)
    {
        var store = services.GetRequiredService<ConfigurationStore>();
        var current = (await store.CurrentAsync(CancellationToken.None)).Engine.Configuration;
        var document = JsonNode.Parse(ConfigurationLoader.Serialize(current))!.AsObject();
        foreach (var calendar in document["organisation"]!["calendars"]!.AsArray())
        {
            calendar!["hours"] = new JsonArray(new JsonObject
            {
                ["days"] = new JsonArray("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
                ["start"] = "00:00",
                ["end"] = "00:00",
            });
            calendar["holidays"] = new JsonArray();
        }

        foreach (var rep in document["organisation"]!["reps"]!.AsArray())
        {
            rep!["capacity"] = 10_000;
        }

        var factory = services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        db.ConfigurationVersions.Add(new ConfigurationVersionEntity
        {
            Kind = ConfigurationVersionKind.Published,
            Json = ConfigurationLoader.Serialize(ConfigurationLoader.Parse(document.ToJsonString())),
            Author = author,
            CreatedAt = DateTimeOffset.UtcNow,
            Comment = "Around-the-clock calendars and large capacities for a benchmark",
        });
        await db.SaveChangesAsync();
        store.Invalidate();
    }

    /// <summary>
    /// <paramref name="count"/> mid-market demo requests from DE, GB and US in turn, through <see cref="LeadIngestionService"/>
    /// with 1,024 in flight; with <paramref name="vipEvery"/> &gt; 0 every so many of them a VIP referral, which waits in the
    /// Manual-review queue. Returns how many were assigned (the rest wait in a queue).
    /// </summary>
    public static async Task<int> IngestDemoRequestsAsync(IServiceProvider services, int count, string source, int vipEvery = 0)
    {
        var ingestion = services.GetRequiredService<LeadIngestionService>();
        var inFlight = new Queue<Task<IngestResult>>();
        var assigned = 0;
        for (var i = 0; i < count; i++)
        {
            inFlight.Enqueue(ingestion.IngestAsync(new LeadSubmission
            {
                Email = $"buyer{i}@company{i}.example",
                Company = $"Company {i}",
                Employees = 400,
                Industry = "Software",
                Country = (i % 3) switch { 0 => "DE", 1 => "GB", _ => "US" },
                Source = SignalType.DemoRequest,
                Referral = vipEvery > 0 && i % vipEvery == vipEvery - 1 ? Referral.Vip : Referral.None,
            }, source, CancellationToken.None));
            if (inFlight.Count >= 1_024)
            {
                assigned += (await inFlight.Dequeue()).Stored?.Lead.Stage == LeadStage.Assigned ? 1 : 0;
            }
        }

        while (inFlight.Count > 0)
        {
            assigned += (await inFlight.Dequeue()).Stored?.Lead.Stage == LeadStage.Assigned ? 1 : 0;
        }

        return assigned;
    }

    /// <summary>
    /// Half of the assigned leads as a logged touch leaves them: contacted, response decided (random 0–60 min after receipt,
    /// a quarter missed), escalation clock stopped, so SLA compliance has something to count. Returns the rows changed.
    /// </summary>
    public static int DecideHalfTheFirstResponses(IServiceProvider services)
    {
        using var connection = services.GetRequiredService<LeadRoutingStorage>().Open();
        using var touch = connection.CreateCommand();
        touch.CommandText = "UPDATE Leads SET FirstTouchAt = ReceivedAt + (abs(random()) % 3600) * 10000000, Stage = 'Contacted', EscalateAt = NULL, " +
            "ResponseStatus = CASE WHEN abs(random()) % 4 = 0 THEN 'Missed' ELSE 'Met' END WHERE OwnerId IS NOT NULL AND rowid % 2 = 0";
        return touch.ExecuteNonQuery();
    }

    /// <summary>
    /// Every <paramref name="everyNth"/>th assigned lead still without a touch as the sweep leaves an escalation: the
    /// breach recorded an hour ago, the clock stopped. Gives the board's breach feed something to page. Returns the rows changed.
    /// </summary>
    public static int EscalateSomeUntouched(IServiceProvider services, int everyNth)
    {
        using var connection = services.GetRequiredService<LeadRoutingStorage>().Open();
        using var escalate = connection.CreateCommand();
        escalate.CommandText = "UPDATE Leads SET EscalatedAt = $at, AcceptedAt = AssignedAt, Stage = 'Accepted', EscalateAt = NULL, ResponseStatus = 'Missed' " +
            "WHERE OwnerId IS NOT NULL AND FirstTouchAt IS NULL AND rowid % $nth = 1";
        var at = escalate.CreateParameter();
        at.ParameterName = "$at";
        at.Value = DateTimeOffset.UtcNow.AddHours(-1).UtcTicks;
        escalate.Parameters.Add(at);
        var nth = escalate.CreateParameter();
        nth.ParameterName = "$nth";
        nth.Value = everyNth;
        escalate.Parameters.Add(nth);
        return escalate.ExecuteNonQuery();
    }

    /// <summary>
    /// The seeding's outbox (a live event and notifications per lead) as already delivered, so an app started on the
    /// folder begins in a steady state instead of publishing 100,000 old events to every open view. Returns the rows changed.
    /// </summary>
    public static int MarkOutboxDelivered(IServiceProvider services)
    {
        using var connection = services.GetRequiredService<LeadRoutingStorage>().Open();
        using var deliver = connection.CreateCommand();
        deliver.CommandText = "UPDATE Outbox SET ProcessedAt = $now WHERE ProcessedAt IS NULL";
        var now = deliver.CreateParameter();
        now.ParameterName = "$now";
        now.Value = DateTimeOffset.UtcNow.UtcTicks;
        deliver.Parameters.Add(now);
        return deliver.ExecuteNonQuery();
    }
}
