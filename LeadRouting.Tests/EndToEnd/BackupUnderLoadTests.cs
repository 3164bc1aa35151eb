using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// <c>--backup</c> beside the serving app while leads pour in, then <c>--restore</c> on another machine's data folder:
/// every lead acknowledged before the backup started is in the restored database, with its decision, and the restored
/// app serves it.
/// </summary>
[Slow(SlowBecause.AppProcess)]
public sealed class BackupUnderLoadTests : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(180);
    private readonly string _live = Directory.CreateTempSubdirectory("leadrouting-live-").FullName;
    private readonly string _restored = Directory.CreateTempSubdirectory("leadrouting-restored-").FullName;
    private readonly string _backups = Directory.CreateTempSubdirectory("leadrouting-backups-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var folder in new[] { _live, _restored, _backups })
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_backup_taken_under_load_restores_every_lead_acknowledged_before_it_started()
    {
        var backup = Path.Combine(_backups, "under-load.db");
        var acknowledged = new ConcurrentDictionary<string, string>();
        KeyValuePair<string, string>[] beforeBackup;
        int duringBackup;
        using (var app = await AppProcess.StartAsync(_live, AppProcess.StartTimeout))
        {
            using var http = app.CreateApiClient();
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var externalId = $"backup-{c}-{i}";
                    try
                    {
                        using var response = await http.PostAsJsonAsync("/api/leads", new JsonObject
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
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }));
            var load = Task.WhenAll(clients);

            await Eventually.HoldsAsync(() => acknowledged.Count >= 200 || load.IsCompleted, "200 leads acknowledged before the backup", TimeSpan.FromSeconds(120));
            Assert.False(load.IsFaulted, load.Exception?.ToString());

            // Every answer received so far; the load goes on while the backup runs.
            beforeBackup = [.. acknowledged];
            var backedUp = await AppCommand.RunAsync(_live, CommandTimeout, "--backup", backup);
            duringBackup = acknowledged.Count - beforeBackup.Length;

            await stop.CancelAsync();
            await load.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(backedUp.ExitCode == 0, backedUp.Output);
            Assert.Contains("Backed up", backedUp.Output, StringComparison.Ordinal);

            // The app kept serving: a restore into its folder is refused while it runs.
            var refused = await AppCommand.RunAsync(_live, CommandTimeout, "--restore", backup);
            Assert.True(refused.ExitCode != 0, refused.Output);
            Assert.Contains("in use", refused.Output, StringComparison.Ordinal);
            await app.StopAsync(TimeSpan.FromSeconds(60));
        }

        var restored = await AppCommand.RunAsync(_restored, CommandTimeout, "--restore", backup);
        Assert.True(restored.ExitCode == 0, restored.Output);

        var stored = new Dictionary<string, (string Id, long Decisions)>();
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(_restored, "leadrouting.db")};Mode=ReadOnly;Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "SELECT l.ExternalId, l.Id, (SELECT COUNT(*) FROM RoutingDecisions d WHERE d.LeadId = l.Id) FROM Leads l WHERE l.ExternalId LIKE 'backup-%'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = (reader.GetString(1), reader.GetInt64(2));
            }
        }

        foreach (var (externalId, id) in beforeBackup)
        {
            Assert.True(stored.TryGetValue(externalId, out var lead), $"{externalId}, acknowledged before the backup started, is missing from the restored database");
            Assert.Equal(id, lead.Id);
        }

        // Consistent: nothing half-written, every lead in the backup has its one decision.
        Assert.All(stored, s => Assert.Equal(1, s.Value.Decisions));
        // A backup that had stopped the load would prove nothing about "online".
        Assert.True(duringBackup > 0 || stored.Count > beforeBackup.Length, "no lead was acknowledged while the backup ran");

        using var restarted = await AppProcess.StartAsync(_restored, AppProcess.StartTimeout);
        using var api = restarted.CreateApiClient();
        var (_, someId) = beforeBackup[^1];
        var served = (await api.GetFromJsonAsync<JsonObject>($"/api/leads/{someId}"))!;
        Assert.NotNull(served["decision"]);
    }
}
