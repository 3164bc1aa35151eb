using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadRouting.Core.Import;

namespace LeadRouting.Tests.Core.Import;

/// <summary>Dates as exported, read by locale and in the team's time zone.</summary>
public sealed class ExportDatesTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static ExportDates Dates(string? locale, TimeZoneInfo? zone = null) =>
        ExportDates.For(locale is null ? null : CultureInfo.GetCultureInfo(locale), zone ?? Berlin);

    [Theory]
    // ISO 8601, in every mode.
    [InlineData(null, "2016-10-25T09:30:00Z", "2016-10-25T09:30:00Z")]
    [InlineData(null, "2016-10-25T09:30:00+02:00", "2016-10-25T07:30:00Z")]
    [InlineData(null, "2016-10-25T09:30:00.250Z", "2016-10-25T09:30:00.25Z")]
    [InlineData(null, "2016-10-25 09:30", "2016-10-25T07:30:00Z")]
    [InlineData(null, "2016-10-25", "2016-10-24T22:00:00Z")]
    [InlineData("en-US", "2016-10-25 9:30 AM", "2016-10-25T07:30:00Z")]
    [InlineData(null, "2016-10-25 9:30 PM", "2016-10-25T19:30:00Z")]
    [InlineData("de-DE", "2016-10-25", "2016-10-24T22:00:00Z")]
    [InlineData(null, "2016/10/25", "2016-10-24T22:00:00Z")]
    [InlineData("ja-JP", "2016/10/25 09:30", "2016-10-25T07:30:00Z")]
    // de-DE
    [InlineData("de-DE", "20.10.2016", "2016-10-19T22:00:00Z")]
    [InlineData("de-DE", "20.10.2016 09:30", "2016-10-20T07:30:00Z")]
    [InlineData("de-DE", "20.10.2016 09:30:15", "2016-10-20T07:30:15Z")]
    [InlineData("de-DE", "20.10.16", "2016-10-19T22:00:00Z")]
    [InlineData("de-DE", "1.2.2016", "2016-01-31T23:00:00Z")]
    // en-US
    [InlineData("en-US", "10/20/2016", "2016-10-19T22:00:00Z")]
    [InlineData("en-US", "10/20/2016 9:30 AM", "2016-10-20T07:30:00Z")]
    [InlineData("en-US", "10/20/2016, 9:30 PM", "2016-10-20T19:30:00Z")]
    [InlineData("en-US", "10/20/2016 12:05 AM", "2016-10-19T22:05:00Z")]
    [InlineData("en-US", "01/02/2016", "2016-01-01T23:00:00Z")]
    // en-GB
    [InlineData("en-GB", "20/10/2016", "2016-10-19T22:00:00Z")]
    [InlineData("en-GB", "20/10/2016 17:30", "2016-10-20T15:30:00Z")]
    [InlineData("en-GB", "01/02/2016", "2016-01-31T23:00:00Z")]
    // Without a locale: only one order is a real date, or both read the same.
    [InlineData(null, "10/20/2016", "2016-10-19T22:00:00Z")]
    [InlineData(null, "20.10.2016", "2016-10-19T22:00:00Z")]
    [InlineData(null, "05/05/2016", "2016-05-04T22:00:00Z")]
    public void A_date_as_exported_reads_as_an_instant(string? locale, string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), Dates(locale).Read(text, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void A_date_without_time_is_the_start_of_that_local_day_in_the_teams_zone()
    {
        var berlin = Dates(null, Berlin).Read("2017-06-23", out _)!.Value;
        var newYork = Dates(null, NewYork).Read("2017-06-23", out _)!.Value;

        Assert.Equal(new DateTimeOffset(2017, 6, 22, 22, 0, 0, TimeSpan.Zero), berlin);
        Assert.Equal(new DateTimeOffset(2017, 6, 23, 4, 0, 0, TimeSpan.Zero), newYork);
        Assert.Equal(new DateOnly(2017, 6, 23), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(newYork, NewYork).DateTime));
        Assert.Equal(TimeSpan.Zero, berlin.Offset);
    }

    [Fact]
    public void A_local_time_in_the_spring_forward_gap_reads_as_the_clock_shows_it_after_the_jump()
    {
        // 26 March 2017, Berlin: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist and is 03:30 CEST = 01:30Z.
        Assert.Equal(new DateTimeOffset(2017, 3, 26, 1, 30, 0, TimeSpan.Zero), Dates("de-DE").Read("26.03.2017 02:30", out _));
    }

    [Fact]
    public void A_local_time_in_the_fall_back_overlap_reads_as_the_earlier_instant()
    {
        // 29 October 2017, Berlin: 03:00 CEST goes back to 02:00 CET; 02:30 happens at 00:30Z and 01:30Z.
        Assert.Equal(new DateTimeOffset(2017, 10, 29, 0, 30, 0, TimeSpan.Zero), Dates("de-DE").Read("29.10.2017 02:30", out _));
    }

    [Fact]
    public void A_day_that_starts_in_a_gap_starts_when_the_gap_ends()
    {
        // São Paulo, 15 October 2017: midnight jumped to 01:00 (-02:00), so the day began at 03:00Z.
        var saoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");

        Assert.Equal(new DateTimeOffset(2017, 10, 15, 3, 0, 0, TimeSpan.Zero), Dates(null, saoPaulo).Read("2017-10-15", out _));
    }

    [Theory]
    [InlineData(null, "01/02/2016", "'01/02/2016' could be 1 February 2016 or 2 January 2016; pass a locale to say which")]
    [InlineData(null, "01.02.2016", "'01.02.2016' could be 1 February 2016 or 2 January 2016; pass a locale")]
    [InlineData(null, "20.10.16", "'20.10.16' has a two-digit year")]
    [InlineData(null, "13/13/2016", "'13/13/2016' is not a real date in either order")]
    [InlineData("de-DE", "10/20/2016", "'10/20/2016' is not a real date in the de-DE order (day/month/year)")]
    [InlineData("en-US", "20/10/2016", "'20/10/2016' is not a real date in the en-US order (month/day/year)")]
    [InlineData(null, "2016-02-30", "'2016-02-30' is not a real date (year-month-day)")]
    [InlineData(null, "2016-10-25 13:30 PM", "'2016-10-25 13:30 PM' has an hour of 13 on a 12-hour clock")]
    [InlineData(null, "2016-10-25 24:30", "'2016-10-25 24:30' is not a real time of day")]
    [InlineData(null, "gestern", "'gestern' is not a date: write ISO 8601")]
    [InlineData("de-DE", "Oktober 2016", "'Oktober 2016' is not a date: write ISO 8601 (2016-10-25 or 2016-10-25T09:30:00Z) or a de-DE date like 20.10.2016 09:30")]
    public void A_date_that_cannot_be_read_is_refused_naming_the_value(string? locale, string text, string message)
    {
        Assert.Null(Dates(locale).Read(text, out var problem));
        Assert.StartsWith(message, problem, StringComparison.Ordinal);
    }

    [Property(MaxTest = 500)]
    public Property A_date_time_formatted_in_de_DE_en_US_or_en_GB_reads_back_as_that_local_time() =>
        Prop.ForAll(
            (from minutes in Gen.Choose(0, 30 * 365 * 24 * 60)
             from locale in Gen.Elements("de-DE", "en-US", "en-GB")
             select (Local: new DateTime(2000, 1, 1).AddMinutes(minutes), Locale: locale)).ToArbitrary(),
            c =>
            {
                var culture = CultureInfo.GetCultureInfo(c.Locale);
                var pattern = c.Locale == "en-US" ? "M/d/yyyy h:mm tt" : culture.DateTimeFormat.ShortDatePattern + " HH:mm";
                var text = c.Local.ToString(pattern, c.Locale == "en-US" ? CultureInfo.InvariantCulture : culture);
                var read = Dates(c.Locale).Read(text, out _);
                return read is { } instant && (Berlin.IsInvalidTime(c.Local)
                    ? TimeZoneInfo.ConvertTime(instant, Berlin).DateTime == c.Local.AddHours(1)
                    : TimeZoneInfo.ConvertTime(instant, Berlin).DateTime == c.Local);
            });
}
