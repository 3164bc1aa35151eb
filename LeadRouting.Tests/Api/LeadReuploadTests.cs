using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LeadRouting.Tests.Api;

/// <summary>
/// Re-uploading a file whose rows were all seen before (issue 13 §7) must cost less than the first import: a replayed
/// row is one indexed lookup in the writer, never a read-back of the earlier lead. Counted in EF commands against this
/// test's own database (other tests run in parallel in the same process), so the test measures work, not time.
/// </summary>
public sealed class LeadReuploadTests : IDisposable
{
    private const int Rows = 120;

    // The first import's notifications go out through the outbox dispatcher, which reads with EF too; it is off here so
    // only the import's own work is counted.
    private readonly LeadRoutingApiFactory _factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false" });
    private readonly EfCommandCounter _commands;

    public LeadReuploadTests() => _commands = new EfCommandCounter(_factory.DataDirectory);

    public void Dispose()
    {
        _commands.Dispose();
        _factory.Dispose();
    }

    private static StringContent File()
    {
        var csv = new StringBuilder("externalId,email,company,employees,industry,country,source\n");
        for (var i = 0; i < Rows; i++)
        {
            csv.Append($"reup-{i},person{i}@company{i}.de,Company {i},{100 + i},Software,DE,{(i % 2 == 0 ? "DemoRequest" : "Webinar")}\n");
        }

        return new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
    }

    [Fact]
    public async Task A_reupload_replays_every_row_without_reading_the_earlier_leads_back()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var first = (await (await client.PostAsync("/api/leads/import", File())).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(Rows, (int)first["created"]!);

        _commands.Reset();
        var response = await client.PostAsync("/api/leads/import", File());
        var again = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Rows, (int)again["replayed"]!);
        Assert.Equal(0, (int)again["created"]!);
        // The API key lookup and the like may use EF; a query per row (or more) means rows are read back.
        Assert.True(_commands.Count < Rows / 4, $"{_commands.Count} EF commands for {Rows} replayed rows");
    }

    /// <summary>Counts the EF Core commands executed against one database file.</summary>
    private sealed class EfCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _dataDirectory;
        private readonly IDisposable _listening;
        private readonly List<IDisposable> _subscriptions = [];
        private int _count;

        public EfCommandCounter(string dataDirectory)
        {
            _dataDirectory = dataDirectory;
            _listening = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuted.Name
                && value.Value is CommandExecutedEventData data
                && data.Command.Connection?.DataSource?.Contains(_dataDirectory, StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _listening.Dispose();
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
