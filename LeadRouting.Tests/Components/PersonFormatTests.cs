using System.Globalization;
using LeadRouting.Web.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components;

/// <summary>Times, money and durations as a person in Berlin reads them, in German and in English.</summary>
public sealed class PersonFormatTests : ComponentTestContext
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private PersonFormat Format(string culture)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var format = Services.GetRequiredService<PersonFormat>();
        format.Use(Berlin, CultureInfo.GetCultureInfo(culture));
        return format;
    }

    [Theory]
    [InlineData("de-DE", "heute, 16:05", "morgen, 09:10", "6. Dez., 14:05", "6. Dez. 2025")]
    [InlineData("en-GB", "today, 16:05", "tomorrow, 09:10", "6 Dec, 14:05", "6 Dec 2025")]
    public void Times_are_in_the_persons_zone_and_culture(string culture, string today, string tomorrow, string december, string lastYear)
    {
        using var scope = CultureScope.Of(culture);
        var format = Format(culture);

        // The clock: Monday 30 Nov 2026, 15:00 UTC = 16:00 in Berlin.
        Assert.Equal(today, format.DateTime(new DateTimeOffset(2026, 11, 30, 15, 5, 0, TimeSpan.Zero)));
        Assert.Equal(tomorrow, format.DateTime(new DateTimeOffset(2026, 12, 1, 8, 10, 0, TimeSpan.Zero)));
        Assert.Equal(december, format.DateTime(new DateTimeOffset(2026, 12, 6, 13, 5, 0, TimeSpan.Zero)));
        Assert.Equal(lastYear, format.Date(new DateOnly(2025, 12, 6)));
    }

    [Theory]
    [InlineData("de-DE", "30.000 €", "1.054,50 €", "$2.448")]
    [InlineData("en-GB", "€30,000", "€1,054.50", "$2,448")]
    public void Money_is_in_the_persons_culture(string culture, string euros, string withCents, string dollars)
    {
        using var scope = CultureScope.Of(culture);
        var format = Format(culture);

        Assert.Equal(euros, Plain(format.Money(30_000m, "EUR")));
        Assert.Equal(withCents, Plain(format.Money(1_054.5m, "EUR")));
        Assert.Contains(dollars.Replace("$", "", StringComparison.Ordinal), Plain(format.Money(2_448m, "USD")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de-DE", 45, "45 Min.")]
    [InlineData("de-DE", 200, "3 Std. 20 Min.")]
    [InlineData("de-DE", 180, "3 Std.")]
    [InlineData("de-DE", 3000, "2 T. 2 Std.")]
    [InlineData("en-GB", 45, "45 min")]
    [InlineData("en-GB", 200, "3 h 20 min")]
    [InlineData("en-GB", -30, "−30 min")]
    public void Durations_switch_to_hours_and_days_when_minutes_get_large(string culture, int minutes, string expected)
    {
        using var scope = CultureScope.Of(culture);

        Assert.Equal(expected, Format(culture).Duration(TimeSpan.FromMinutes(minutes)));
    }

    [Fact]
    public void The_zone_is_named_with_its_offset_now()
    {
        using var scope = CultureScope.Of("en-GB");

        Assert.Equal("Europe/Berlin (UTC+01:00)", Format("en-GB").ZoneName);
    }

    // ICU puts a no-break space between number and currency; a reader sees a space.
    private static string Plain(string text) => text.Replace('\u00A0', ' ').Replace('\u202F', ' ');
}
