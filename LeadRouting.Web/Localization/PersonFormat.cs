using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Localization;

/// <summary>
/// Times, dates, numbers, money and durations as the signed-in person reads them: in their time zone
/// (<see cref="PersonZone"/>) and their culture (de-DE: "6. Dez., 14:05", "30.000 €"; en-GB: "6 Dec, 14:05", "€30,000").
/// One per page or circuit; the layout initialises it before the page renders, so every component injects a ready one.
/// </summary>
/// <remarks>
/// The person and the configuration are optional services so a component test can render a page without the app's
/// database; without them the zone stays <see cref="PersonZone.Fallback"/> (or what <see cref="Use"/> sets).
/// </remarks>
public sealed class PersonFormat(TimeProvider time, IStringLocalizer<SharedText> text, ICurrentUser? currentUser = null, ConfigurationStore? configurations = null)
{
    private bool _initialized;

    /// <summary>The zone every time is shown in; Europe/Berlin until <see cref="InitializeAsync"/> has read the person's.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.FindSystemTimeZoneById(PersonZone.Fallback);

    /// <summary>The culture of the request that started the page (the localisation middleware chose it).</summary>
    public CultureInfo Culture { get; private set; } = CultureInfo.CurrentCulture;

    /// <summary>The zone's name as the page states it once: "Europe/Berlin (UTC+01:00)".</summary>
    public string ZoneName => $"{Zone.Id} (UTC{Offset(Zone.GetUtcOffset(time.GetUtcNow()))})";

    /// <summary>Reads the person's zone: their preference, else their calendar's. Safe to call more than once.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        Culture = CultureInfo.CurrentCulture;
        if (currentUser is not null && await currentUser.GetAsync() is { } user)
        {
            var organisation = new Organisation();
            try
            {
                if (configurations is not null)
                {
                    organisation = (await configurations.CurrentAsync(cancellationToken)).Engine.Configuration.Organisation;
                }
            }
            catch (NoPublishedConfigurationException)
            {
                // Before the first publish there are no calendars: the fallback zone until there are.
            }

            Zone = PersonZone.For(organisation, user.TimeZone, user.RepId, user.Email);
        }

        _initialized = true;
    }

    /// <summary>For tests and for a person chosen elsewhere (a notification's recipient).</summary>
    public void Use(TimeZoneInfo zone, CultureInfo culture)
    {
        Zone = zone;
        Culture = culture;
        _initialized = true;
    }

    /// <summary>The instant on the person's wall clock.</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>"14:05" (en-US: "2:05 PM").</summary>
    public string Time(DateTimeOffset instant) => Local(instant).ToString(Culture.DateTimeFormat.ShortTimePattern, Culture);

    /// <summary>"6. Dez." / "6 Dec" / "Dec 6" — the day and the short month.</summary>
    public string Day(DateTimeOffset instant) => Day(DateOnly.FromDateTime(Local(instant).DateTime));

    /// <inheritdoc cref="Day(DateTimeOffset)"/>
    public string Day(DateOnly date) => date.ToString(ShortMonthDayPattern, Culture);

    /// <summary>"6. Dez. 2026" — a date with its year.</summary>
    public string Date(DateOnly date) => date.ToString(ShortDatePattern, Culture);

    /// <inheritdoc cref="Date(DateOnly)"/>
    public string Date(DateTimeOffset instant) => Date(DateOnly.FromDateTime(Local(instant).DateTime));

    /// <summary>"heute, 14:05" for today, else "6. Dez., 14:05" — when something happened or is due.</summary>
    public string DateTime(DateTimeOffset instant)
    {
        var local = Local(instant);
        var today = DateOnly.FromDateTime(Local(time.GetUtcNow()).DateTime);
        var day = DateOnly.FromDateTime(local.DateTime);
        var dayText = day == today ? text["today"].Value
            : day == today.AddDays(1) ? text["tomorrow"].Value
            : day == today.AddDays(-1) ? text["yesterday"].Value
            : day.Year == today.Year ? Day(day) : Date(day);
        return $"{dayText}, {Time(instant)}";
    }

    /// <summary>A whole number with the culture's group separator: "30.000" / "30,000".</summary>
    public string Number(long value) => value.ToString("N0", Culture);

    /// <summary>A decimal with the given digits: "12,5" / "12.5".</summary>
    public string Number(double value, int digits) => value.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), Culture);

    /// <summary>A share: "87 %" / "87%".</summary>
    public string Percent(double share, int digits = 0) => share.ToString("P" + digits.ToString(CultureInfo.InvariantCulture), Culture);

    /// <summary>A whole amount of money in its currency: "30.000 €" (de-DE), "€30,000" (en-GB), "CHF 30’000" (de-CH).</summary>
    public string Money(decimal amount, string currency)
    {
        var format = (NumberFormatInfo)Culture.NumberFormat.Clone();
        format.CurrencySymbol = CurrencySymbol(currency);
        format.CurrencyDecimalDigits = amount == decimal.Truncate(amount) ? 0 : 2;
        return amount.ToString("C", format);
    }

    /// <summary>
    /// A duration people read at a glance: minutes up to 90, then hours and minutes, then days and hours
    /// ("45 Min.", "3 Std. 20 Min.", "2 T. 4 Std." / "45 min", "3 h 20 min", "2 d 4 h").
    /// </summary>
    public string Duration(TimeSpan span)
    {
        var sign = span < TimeSpan.Zero ? "−" : "";
        var length = span.Duration();
        var minutes = (long)Math.Round(length.TotalMinutes, MidpointRounding.AwayFromZero);
        string body;
        if (minutes < 90)
        {
            body = text["{0} min", Number(minutes)];
        }
        else if (minutes < 48 * 60)
        {
            body = minutes % 60 == 0 ? text["{0} h", Number(minutes / 60)] : text["{0} h {1} min", Number(minutes / 60), Number(minutes % 60)];
        }
        else
        {
            var hours = minutes / 60;
            body = hours % 24 == 0 ? text["{0} d", Number(hours / 24)] : text["{0} d {1} h", Number(hours / 24), Number(hours % 24)];
        }

        return sign + body;
    }

    /// <summary>The currency's symbol where one is unambiguous, else its ISO code.</summary>
    public static string CurrencySymbol(string currency) => currency.ToUpperInvariant() switch
    {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        var code => code,
    };

    private string ShortMonthDayPattern => Culture.DateTimeFormat.MonthDayPattern.Replace("MMMM", "MMM", StringComparison.Ordinal);

    // The long date without its weekday, with the short month: "dddd, d. MMMM yyyy" → "d. MMM yyyy".
    private string ShortDatePattern => Culture.DateTimeFormat.LongDatePattern
        .Replace("dddd, ", "", StringComparison.Ordinal)
        .Replace("MMMM", "MMM", StringComparison.Ordinal);

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
