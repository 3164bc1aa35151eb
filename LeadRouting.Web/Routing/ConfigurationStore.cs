namespace LeadRouting.Web.Routing;

/// <summary>The live routing configuration: the newest published version, compiled once into an engine.</summary>
/// <remarks>
/// A publish through this instance takes effect on the next lead (<see cref="Invalidate"/>); a publish by another
/// instance within <see cref="RecheckInterval"/>, because the newest version number is looked up at most that often.
/// </remarks>
public sealed class ConfigurationStore(IDbContextFactory<LeadRoutingDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private volatile PublishedConfiguration? _current;
    private long _checkedAtTicks;

    /// <summary>Forget the compiled version, so the next lead reads the newest one.</summary>
    public void Invalidate() => _current = null;

    public async Task<PublishedConfiguration> CurrentAsync(CancellationToken cancellationToken)
    {
        var ticks = Environment.TickCount64;
        if (_current is { } fresh && ticks - Interlocked.Read(ref _checkedAtTicks) < RecheckInterval.TotalMilliseconds)
        {
            return fresh;
        }

        Interlocked.Exchange(ref _checkedAtTicks, ticks);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var newest = await db.ConfigurationVersions
            .Where(v => v.Kind == ConfigurationVersionKind.Published)
            .OrderByDescending(v => v.Id)
            .Select(v => (int?)v.Id)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NoPublishedConfigurationException();

        if (_current is { } current && current.Version == newest)
        {
            return current;
        }

        var version = await db.ConfigurationVersions.Where(v => v.Id == newest).Select(v => new { v.Json, v.Author, v.CreatedAt }).SingleAsync(cancellationToken);
        var compiled = new PublishedConfiguration(newest, new RoutingEngine(ConfigurationLoader.Parse(version.Json), time))
        {
            Author = version.Author,
            PublishedAt = version.CreatedAt,
        };
        _current = compiled;
        return compiled;
    }
}

public sealed record PublishedConfiguration(int Version, RoutingEngine Engine)
{
    /// <summary>Who published this version (shown with every preview, so one knows which rules answered).</summary>
    public string Author { get; init; } = "";

    public DateTimeOffset PublishedAt { get; init; }
}

/// <summary>The database holds no published version yet: nothing can be routed (or previewed) until one is.</summary>
public sealed class NoPublishedConfigurationException() : InvalidOperationException("No routing configuration has been published.");
