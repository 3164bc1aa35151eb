using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// The people notifications go to, with their language and zone choices, read in one query and kept for
/// <see cref="Freshness"/>: thousands of deliveries after an import cost one read of the user table, not one each.
/// A changed preference reaches notifications within that time.
/// </summary>
public sealed class RecipientDirectory(IDbContextFactory<LeadRoutingDbContext> dbFactory, ConfigurationStore configurations, TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Loaded? _current;

    /// <summary>The locale of an email recipient: a person with an account, else a rep or manager named in the configuration.</summary>
    public async Task<RecipientLocale> ForEmailAsync(string email, string? repId, CancellationToken cancellationToken)
    {
        var organisation = await OrganisationAsync(cancellationToken);
        var person = (await PeopleAsync(cancellationToken)).ByEmail(email);
        repId ??= organisation.Reps.FirstOrDefault(r => string.Equals(r.Email?.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))?.Id.Value;
        return RecipientLocale.Of(organisation, person, repId, email);
    }

    /// <summary>The locale of a team's chat channel (<see cref="RecipientLocale.OfTeam"/>).</summary>
    public async Task<RecipientLocale> ForTeamAsync(string? teamId, CancellationToken cancellationToken)
    {
        var organisation = await OrganisationAsync(cancellationToken);
        var team = organisation.Teams.FirstOrDefault(t => t.Id.Value == teamId);
        var managerEmail = team?.ManagerEmail ?? organisation.Regions.FirstOrDefault(r => r.Code == team?.Region)?.ManagerEmail;
        var manager = managerEmail is null ? null : (await PeopleAsync(cancellationToken)).ByEmail(managerEmail);
        return RecipientLocale.OfTeam(organisation, team?.Id.Value, manager);
    }

    private async Task<Organisation> OrganisationAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await configurations.CurrentAsync(cancellationToken)).Engine.Configuration.Organisation;
        }
        catch (NoPublishedConfigurationException)
        {
            // Before the first publish there are no calendars: the fallback zone's rule until there are.
            return new Organisation();
        }
    }

    private async Task<People> PeopleAsync(CancellationToken cancellationToken)
    {
        if (_current is { } fresh && time.GetElapsedTime(fresh.LoadedAt) < Freshness)
        {
            return fresh.People;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } loaded && time.GetElapsedTime(loaded.LoadedAt) < Freshness)
            {
                return loaded.People;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var people = await db.Users.AsNoTracking()
                .Where(u => u.Email != null)
                .Select(u => new NotifiedPerson(u.Email!, u.RepId, u.Culture, u.TimeZone))
                .ToListAsync(cancellationToken);
            var current = new People(people);
            _current = new Loaded(current, time.GetTimestamp());
            return current;
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record Loaded(People People, long LoadedAt);

    private sealed class People(IEnumerable<NotifiedPerson> people)
    {
        private readonly Dictionary<string, NotifiedPerson> _byEmail = people
            .GroupBy(p => p.Email.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

        public NotifiedPerson? ByEmail(string email) => _byEmail.GetValueOrDefault(email.Trim());
    }
}
