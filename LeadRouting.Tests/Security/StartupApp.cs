using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadRouting.Tests.Security;

/// <summary>
/// The real app in-process in a chosen environment with only the settings a test gives (unlike
/// <see cref="Api.LeadRoutingApiFactory"/>, which always asks for demo data): what an install starts with. Quartz is off
/// and there is no demo history, so a start is quick.
/// </summary>
internal static class StartupApp
{
    public static WebApplicationFactory<Program> Create(string dataDirectory, string environment, IReadOnlyDictionary<string, string>? settings = null, CapturedWarnings? warnings = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Demo:HistoryDays", "0");
            builder.UseSetting("Scheduling:Enabled", "false");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }

            if (warnings is not null)
            {
                builder.ConfigureLogging(logging => logging.AddProvider(warnings));
            }
        });
}

/// <summary>The warnings an app logged, each as <c>category: message</c>.</summary>
internal sealed class CapturedWarnings : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _warnings = new();

    public IReadOnlyCollection<string> All => _warnings;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedWarnings owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._warnings.Enqueue($"{category}: {formatter(state, exception)}");
            }
        }
    }
}
