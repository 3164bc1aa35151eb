using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// The real app as a process: a lead whose acceptance window ran out while the app was down is reassigned right after
/// the next start, once. The downtime is simulated by moving the lead's escalation time into the past while the process
/// is dead (waiting out a real 30-minute window would make the test take half an hour); the app then runs on the
/// real clock.
/// </summary>
[Slow(SlowBecause.AppProcess)]
public sealed class EscalationRestartTests : IDisposable
{
    private static readonly Dictionary<string, string> FastSweep = new() { ["Scheduling__SweepIntervalSeconds"] = "1" };
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-escalation-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private string Database => Path.Combine(_dataDirectory, "leadrouting.db");

    /// <summary>How often the escalation sweep's trigger has fired (Quartz's own table in the scheduler's SQLite file).</summary>
    private async Task<long> SweepFiresAsync() =>
        await Jobs.SchedulerDatabase.ScalarAsync<long>(Jobs.SchedulerDatabase.PathIn(_dataDirectory), "SELECT COALESCE(SUM(TIMES_TRIGGERED), 0) FROM QRTZ_SIMPLE_TRIGGERS");

    private async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Every calendar open around the clock, so the test routes the same way at any hour CI runs it; with
    /// <paramref name="alsoChange"/> further changes to the document go into the same published version.
    /// </summary>
    internal static async Task PublishAroundTheClockAsync(HttpClient http, Action<JsonObject>? alsoChange = null)
    {
        var current = (await http.GetFromJsonAsync<JsonObject>("/api/config"))!;
        var configuration = current["configuration"]!.AsObject();
        alsoChange?.Invoke(configuration);
        foreach (var calendar in configuration["organisation"]!["calendars"]!.AsArray())
        {
            calendar!["hours"] = new JsonArray(new JsonObject
            {
                ["days"] = new JsonArray("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
                ["start"] = "00:00",
                ["end"] = "00:00",
            });
            calendar["holidays"] = new JsonArray();
        }

        using var content = new StringContent(configuration.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsync("/api/config/draft", content)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/config/publish", content: null)).StatusCode);
    }

    [Fact]
    public async Task A_lead_that_fell_due_while_the_app_was_down_is_reassigned_right_after_start_once()
    {
        string key, leadId, firstOwner;
        using (var app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout))
        {
            key = await app.DemoKey.WaitAsync(TimeSpan.FromSeconds(30));
            using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            await PublishAroundTheClockAsync(http);

            var response = await http.PostAsJsonAsync("/api/leads", new JsonObject
            {
                ["email"] = "restart.test@kaltwasser-systems.de",
                ["company"] = "Kaltwasser Systems",
                ["employees"] = 400,
                ["industry"] = "Software",
                ["country"] = "DE",
                ["source"] = "DemoRequest",
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            leadId = (string)body["lead"]!["id"]!;
            firstOwner = (string)body["decision"]!["ownerId"]!;
            Assert.Equal("Assigned", (string)body["decision"]!["status"]!);
            app.KillHard();
        }

        // While the app is down, the window runs out.
        var overdue = DateTimeOffset.UtcNow.AddMinutes(-1).UtcTicks;
        Assert.Equal(1L, await ScalarAsync<long>(
            "UPDATE Leads SET EscalateAt = $due WHERE Id = $id RETURNING 1", ("$due", overdue), ("$id", leadId)));

        using (var restarted = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout, FastSweep))
        {
            // "Right after start" (the requirement is within a minute; the sweep runs every second). The wait is a bound
            // against hanging, not a measurement: that the first fire comes at once is SchedulerPersistenceTests' business.
            await Eventually.HoldsAsync(async () => await ScalarAsync<long>("SELECT Reassignments FROM Leads WHERE Id = $id", ("$id", leadId)) > 0,
                "the overdue lead reassigned after the restart");

            // Several more sweeps run; none may act on it again. The sweep trigger cannot fire while its job runs
            // ([DisallowConcurrentExecution]), so three more fires mean at least two whole sweeps after the reassignment.
            var fired = await SweepFiresAsync();
            await Eventually.HoldsAsync(async () => await SweepFiresAsync() >= fired + 3, "three more fires of the sweep trigger");
            using var http = new HttpClient { BaseAddress = restarted.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            var read = (await http.GetFromJsonAsync<JsonObject>($"/api/leads/{leadId}"))!;
            Assert.Single(read["events"]!.AsArray(), e => (string)e!["type"]! == "Reassigned");
            Assert.NotEqual(firstOwner, (string?)read["lead"]!["ownerId"]);
        }

        Assert.Equal(1L, await ScalarAsync<long>("SELECT Reassignments FROM Leads WHERE Id = $id", ("$id", leadId)));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT COUNT(*) FROM RoutingDecisions WHERE LeadId = $id AND Reason = 'Reassigned'", ("$id", leadId)));
    }
}
