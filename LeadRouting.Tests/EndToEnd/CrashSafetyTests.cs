using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>Ingest under load, kill -9 the app, restart: every acknowledged lead is there once, with its decision.</summary>
[Slow(SlowBecause.AppProcess)]
public sealed class CrashSafetyTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-crash-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Every_lead_acknowledged_with_201_survives_a_hard_kill_exactly_once_with_its_decision()
    {
        var acknowledged = new ConcurrentDictionary<string, string>();
        string key;
        using (var app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout))
        {
            key = await app.DemoKey.WaitAsync(TimeSpan.FromSeconds(30));
            using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var externalId = $"crash-{c}-{i}";
                    try
                    {
                        var response = await http.PostAsJsonAsync("/api/leads", new JsonObject
                        {
                            ["externalId"] = externalId,
                            ["email"] = $"p{c}-{i}@company{c}-{i}.de",
                            ["employees"] = 10 + i,
                            ["country"] = "DE",
                            ["source"] = "ContactSales",
                        }, stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var body = (await response.Content.ReadFromJsonAsync<JsonObject>(stop.Token))!;
                            acknowledged[externalId] = (string)body["lead"]!["id"]!;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
                    {
                        // The app is gone (killed below): stop this client.
                        return;
                    }
                }
            }));
            var load = Task.WhenAll(clients);

            // Kill it mid-stream, once a few hundred leads have been acknowledged.
            await Eventually.HoldsAsync(() => acknowledged.Count >= 300 || stop.IsCancellationRequested, "300 leads acknowledged before the kill");

            app.KillHard();
            await stop.CancelAsync();
            await load.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(acknowledged.Count >= 300, $"only {acknowledged.Count} leads were acknowledged before the kill");

        using (var restarted = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout))
        {
            using var http = new HttpClient { BaseAddress = restarted.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            foreach (var (_, id) in acknowledged.Take(50))
            {
                var lead = (await http.GetFromJsonAsync<JsonObject>($"/api/leads/{id}"))!;
                Assert.NotNull(lead["decision"]);
            }
        }

        SqliteConnection.ClearAllPools();
        // Read-write: the restarted app was killed too, and a write-ahead log it left must be recovered on open.
        await using var db = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "leadrouting.db")}");
        await db.OpenAsync();
        var stored = new Dictionary<string, (string Id, int Decisions)>();
        await using (var command = db.CreateCommand())
        {
            command.CommandText = "SELECT l.ExternalId, l.Id, (SELECT COUNT(*) FROM RoutingDecisions d WHERE d.LeadId = l.Id) FROM Leads l";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Assert.False(stored.ContainsKey(reader.GetString(0)), $"externalId {reader.GetString(0)} is stored twice");
                stored[reader.GetString(0)] = (reader.GetString(1), reader.GetInt32(2));
            }
        }

        foreach (var (externalId, id) in acknowledged)
        {
            Assert.True(stored.TryGetValue(externalId, out var lead), $"acknowledged lead {externalId} is missing after the crash");
            Assert.Equal(id, lead.Id);
        }

        // Nothing half-written: every stored lead (acknowledged or not) has exactly one decision.
        Assert.All(stored, s => Assert.Equal(1, s.Value.Decisions));
    }
}
