using LeadRouting.Web.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace LeadRouting.Tests.Jobs;

/// <summary>
/// Only the scheduling unit: a generic host with <c>AddLeadRoutingScheduling</c> over a data folder the test owns, a
/// <see cref="FakeTimeProvider"/> as the one clock, and a <see cref="RecordingEscalationSweep"/> as the sweep. Nothing
/// fires unless the test moves the clock (apart from the first fire, due at start).
/// </summary>
public sealed class SchedulerHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);

    private readonly IHost _host;

    private SchedulerHost(IHost host, FakeTimeProvider time, RecordingEscalationSweep sweep)
    {
        _host = host;
        Time = time;
        Sweep = sweep;
    }

    public FakeTimeProvider Time { get; }

    public RecordingEscalationSweep Sweep { get; }

    public IServiceProvider Services => _host.Services;

    public ValueTask<IScheduler> GetSchedulerAsync() => Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    public static async Task<SchedulerHost> StartAsync(string dataDirectory, int intervalSeconds = 5, FakeTimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            ContentRootPath = dataDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Scheduling:SweepIntervalSeconds"] = intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Logging.ClearProviders();
        time ??= new FakeTimeProvider(Start);
        var sweep = new RecordingEscalationSweep();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddLeadRoutingScheduling(builder.Configuration, builder.Environment);
        // After the scheduling call on purpose: the real sweep may be registered on either side of it.
        builder.Services.AddSingleton<IEscalationSweep>(sweep);

        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new SchedulerHost(host, time, sweep);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
