using LeadRouting.Core.Configuration;
using LeadRouting.Core.Routing;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Web.Routing;

/// <summary>The live routing configuration: the newest published version, compiled once into an engine.</summary>
public sealed class ConfigurationStore(TimeProvider time)
{
    private volatile PublishedConfiguration? _current;

    /// <summary>
    /// The published version as of <paramref name="db"/>'s view. Asks the database for the newest version number on
    /// every call (one indexed lookup) so a publish by another instance takes effect on the next lead.
    /// </summary>
    public async Task<PublishedConfiguration> CurrentAsync(LeadRoutingDbContext db, CancellationToken cancellationToken)
    {
        var newest = await db.ConfigurationVersions
            .Where(v => v.Kind == ConfigurationVersionKind.Published)
            .OrderByDescending(v => v.Id)
            .Select(v => (int?)v.Id)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("No routing configuration has been published.");

        if (_current is { } current && current.Version == newest)
        {
            return current;
        }

        var json = await db.ConfigurationVersions.Where(v => v.Id == newest).Select(v => v.Json).SingleAsync(cancellationToken);
        var compiled = new PublishedConfiguration(newest, new RoutingEngine(ConfigurationLoader.Parse(json), time));
        _current = compiled;
        return compiled;
    }
}

public sealed record PublishedConfiguration(int Version, RoutingEngine Engine);
