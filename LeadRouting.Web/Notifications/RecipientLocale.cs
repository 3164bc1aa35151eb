using LeadRouting.Web.Localization;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// The language and time zone a notification is written in: its recipient's, never whoever triggered it. The zone is
/// the person's choice, else their calendar's (<see cref="PersonZone"/>); the language is the person's choice, else
/// German for someone whose team calendar runs in a DACH zone (Berlin, Vienna, Zurich), else English.
/// </summary>
public sealed record RecipientLocale(CultureInfo Culture, TimeZoneInfo Zone)
{
    /// <summary>The zones whose people default to German, with the culture whose formats they expect.</summary>
    private static readonly IReadOnlyDictionary<string, string> GermanZones = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Europe/Berlin"] = SupportedCultures.German,
        ["Europe/Vienna"] = "de-AT",
        ["Europe/Zurich"] = "de-CH",
    };

    /// <summary>A person (<paramref name="person"/>, null when they have no account) or an address from the configuration.</summary>
    public static RecipientLocale Of(Organisation organisation, NotifiedPerson? person, string? repId, string? email)
    {
        repId = person?.RepId ?? repId;
        var calendarZone = PersonZone.For(organisation, null, repId, email);
        return new RecipientLocale(
            CultureOf(person?.Culture, calendarZone),
            PersonZone.Find(person?.TimeZone) ?? calendarZone);
    }

    /// <summary>
    /// A team's chat channel (a Slack webhook) speaks like the team's manager when they have an account, else by the
    /// team calendar's rule; a channel of no team by the organisation's first calendar.
    /// </summary>
    public static RecipientLocale OfTeam(Organisation organisation, string? teamId, NotifiedPerson? manager)
    {
        var team = organisation.Teams.FirstOrDefault(t => t.Id.Value == teamId);
        var calendarZone = PersonZone.Find(organisation.Calendars.FirstOrDefault(c => c.Id == team?.CalendarId)?.TimeZone)
            ?? PersonZone.For(organisation, null, null, null);
        return new RecipientLocale(
            CultureOf(manager?.Culture, calendarZone),
            PersonZone.Find(manager?.TimeZone) ?? calendarZone);
    }

    /// <summary>German (as in that country) for a DACH calendar zone, else British English.</summary>
    public static CultureInfo DefaultCulture(TimeZoneInfo calendarZone) =>
        CultureInfo.GetCultureInfo(GermanZones.TryGetValue(calendarZone.Id, out var german) ? german : SupportedCultures.English);

    /// <summary>
    /// Makes <see cref="Culture"/> the current culture (formats) and UI culture (localizers' language) until disposed.
    /// Only around synchronous rendering: the previous cultures come back on the same thread.
    /// </summary>
    public IDisposable Speak() => new CultureSwitch(Culture);

    private static CultureInfo CultureOf(string? chosen, TimeZoneInfo calendarZone) =>
        SupportedCultures.Find(chosen) is { } culture ? CultureInfo.GetCultureInfo(culture) : DefaultCulture(calendarZone);

    private sealed class CultureSwitch : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

        public CultureSwitch(CultureInfo culture)
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}

/// <summary>What a notification needs to know of a person with an account: how they want to read it.</summary>
public sealed record NotifiedPerson(string Email, string? RepId, string? Culture, string? TimeZone);
