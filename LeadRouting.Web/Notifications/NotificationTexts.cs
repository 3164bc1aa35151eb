using LeadRouting.Web.Localization;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Notifications;

/// <summary>Makes the texts of one notification for one recipient: their language, their zone.</summary>
public sealed class NotificationTexts(
    IStringLocalizer<LeadEventText> leadText,
    IStringLocalizer<ImportDigestText> digestText,
    IStringLocalizer<SharedText> sharedText,
    TimeProvider time)
{
    public LeadEventText Lead(RecipientLocale locale) => new(leadText, locale, Clock(locale));

    public ImportDigestText Digest(RecipientLocale locale) => new(digestText, locale, Clock(locale));

    public RecipientClock Clock(RecipientLocale locale)
    {
        var format = new PersonFormat(time, sharedText);
        format.Use(locale.Zone, locale.Culture);
        return new RecipientClock(format, time);
    }
}

/// <summary>Times and numbers as the recipient reads them (<see cref="PersonFormat"/> set to their zone and culture).</summary>
public sealed class RecipientClock(PersonFormat format, TimeProvider time)
{
    /// <summary>
    /// "6. Dez., 14:05 (Europe/Berlin)" / "6 Dec, 14:05 (America/New_York)", with the year when it is not this one. A
    /// message is read later and elsewhere than it is written, so no "today" and always the zone's name.
    /// </summary>
    public string When(DateTimeOffset instant)
    {
        var thisYear = format.Local(time.GetUtcNow()).Year == format.Local(instant).Year;
        return $"{(thisYear ? format.Day(instant) : format.Date(instant))}, {format.Time(instant)} ({format.Zone.Id})";
    }

    /// <summary>"30.000" / "30,000".</summary>
    public string Number(long value) => format.Number(value);
}
