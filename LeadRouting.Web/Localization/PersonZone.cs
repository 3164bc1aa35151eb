namespace LeadRouting.Web.Localization;

/// <summary>
/// Which time zone a person sees times in: their own choice; else their calendar's (a rep's own calendar or their
/// team's); else, for a manager, the calendar of the first team they manage (by team, then by region); else the
/// organisation's first calendar; else <see cref="Fallback"/>. Pure, so the dashboard and the notifications (which
/// speak to a recipient, not to whoever is signed in) decide alike.
/// </summary>
public static class PersonZone
{
    /// <summary>The home market's zone, for an organisation without calendars.</summary>
    public const string Fallback = "Europe/Berlin";

    public static TimeZoneInfo For(Organisation organisation, string? preference, string? repId, string? email)
    {
        if (Find(preference) is { } chosen)
        {
            return chosen;
        }

        var calendarId = CalendarOf(organisation, repId, email);
        var calendar = organisation.Calendars.FirstOrDefault(c => c.Id == calendarId) ?? (organisation.Calendars.Count > 0 ? organisation.Calendars[0] : null);
        return Find(calendar?.TimeZone) ?? TimeZoneInfo.FindSystemTimeZoneById(Fallback);
    }

    /// <summary>A known IANA (or Windows) zone id, or null.</summary>
    public static TimeZoneInfo? Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;

    /// <summary>The zones a person may choose: the organisation's calendars' zones first, then every IANA zone.</summary>
    public static IReadOnlyList<string> Choices(Organisation organisation) =>
    [
        .. organisation.Calendars.Select(c => c.TimeZone).Distinct(StringComparer.Ordinal),
        .. TimeZoneInfo.GetSystemTimeZones()
            .Select(z => z.Id)
            .Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Except(organisation.Calendars.Select(c => c.TimeZone), StringComparer.Ordinal),
        "UTC",
    ];

    private static string? CalendarOf(Organisation organisation, string? repId, string? email)
    {
        if (repId is not null && organisation.Reps.FirstOrDefault(r => r.Id.Value == repId) is { } rep)
        {
            return rep.CalendarId ?? organisation.Teams.FirstOrDefault(t => t.Id == rep.Team)?.CalendarId;
        }

        if (string.IsNullOrEmpty(email))
        {
            return null;
        }

        var managed = organisation.Teams.FirstOrDefault(t => Same(t.ManagerEmail, email))
            ?? organisation.Regions.Where(r => Same(r.ManagerEmail, email))
                .Select(r => organisation.Teams.FirstOrDefault(t => t.Region == r.Code))
                .FirstOrDefault(t => t is not null);
        return managed?.CalendarId;
    }

    private static bool Same(string? a, string b) => string.Equals(a?.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
