using System.Globalization;
using LeadRouting.Web.Booking;

namespace LeadRouting.Tests.Booking;

/// <summary>Issue 20: the booking page's grouping by the buyer's local date and its German and English formats.</summary>
public sealed class BookingPageModelTests
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
    private static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");
    private static readonly CultureInfo American = CultureInfo.GetCultureInfo("en-US");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static DateTimeOffset Utc(int month, int day, double hours) => new DateTimeOffset(2026, month, day, 0, 0, 0, TimeSpan.Zero).AddHours(hours);

    [Fact]
    public void Slots_are_grouped_by_the_buyers_local_date_with_German_and_English_headings_and_times()
    {
        // Tuesday 1 December 08:00 and 16:30 UTC, Wednesday 2 December 08:00 UTC.
        var starts = new[] { Utc(12, 2, 8), Utc(12, 1, 16.5), Utc(12, 1, 8) };

        var german = BookingPageModel.Group(starts, Berlin, German);
        Assert.Equal(["Dienstag, 1. Dezember", "Mittwoch, 2. Dezember"], german.Select(d => d.Heading));
        Assert.Equal(["09:00", "17:30"], german[0].Slots.Select(s => s.Time));
        Assert.Equal(["2026-12-01T08:00:00Z", "2026-12-01T16:30:00Z"], german[0].Slots.Select(s => s.Value));

        var british = BookingPageModel.Group(starts, Berlin, British);
        Assert.Equal(["Tuesday, 1 December", "Wednesday, 2 December"], british.Select(d => d.Heading));
        Assert.Equal(["09:00", "17:30"], british[0].Slots.Select(s => s.Time));

        var american = BookingPageModel.Group(starts, Berlin, American);
        Assert.Equal(["Tuesday, December 1", "Wednesday, December 2"], american.Select(d => d.Heading));
        Assert.Equal(["9:00 AM", "5:30 PM"], american[0].Slots.Select(s => s.Time.Replace('\u202f', ' ')));
    }

    [Fact]
    public void A_slot_button_posts_its_start_and_rep_and_a_form_value_is_read_back_or_refused()
    {
        var slots = new[] { new LeadRouting.Core.Booking.Slot(Utc(12, 1, 8), Utc(12, 1, 8.5), new LeadRouting.Core.RepId("dach-sdr-2")) };
        var slot = BookingPageModel.Group(slots, Berlin, German).Single().Slots.Single();
        Assert.Equal(("2026-12-01T08:00:00Z|dach-sdr-2", "dach-sdr-2"), (slot.FormValue, slot.RepId));

        Assert.Equal((Utc(12, 1, 8), (string?)"dach-sdr-2"), BookingPageModel.ParseSlot(slot.FormValue));
        Assert.Equal((Utc(12, 1, 8), (string?)null), BookingPageModel.ParseSlot("2026-12-01T08:00:00Z"));
        Assert.Null(BookingPageModel.ParseSlot("2026-12-01T08:00:00Z|"));
        Assert.Null(BookingPageModel.ParseSlot("tomorrow|dach-sdr-2"));
        Assert.Null(BookingPageModel.ParseSlot(""));
        Assert.Null(BookingPageModel.ParseSlot($"2026-12-01T08:00:00Z|{new string('x', 101)}"));
    }

    [Fact]
    public void Another_zone_moves_times_and_can_move_a_slot_to_another_local_date()
    {
        var starts = new[] { Utc(12, 1, 8), Utc(12, 1, 16.5) };

        // New York: 03:00 and 11:30 on Tuesday.
        var newYork = BookingPageModel.Group(starts, NewYork, German);
        Assert.Equal(["03:00", "11:30"], Assert.Single(newYork).Slots.Select(s => s.Time));

        // Tokyo (UTC+9): 17:00 Tuesday, and 16:30 UTC is 01:30 on Wednesday — its own day.
        var tokyo = BookingPageModel.Group(starts, Tokyo, British);
        Assert.Equal([new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2)], tokyo.Select(d => d.Date));
        Assert.Equal(["17:00"], tokyo[0].Slots.Select(s => s.Time));
        Assert.Equal(["01:30"], tokyo[1].Slots.Select(s => s.Time));
        Assert.Equal("Wednesday, 2 December", tokyo[1].Heading);
    }

    [Fact]
    public void On_a_daylight_saving_day_each_slot_takes_its_own_offset()
    {
        // Sunday 28 March 2027, Berlin: 02:00 CET becomes 03:00 CEST. 00:30 UTC is 01:30 (+01:00), 01:30 UTC is 03:30 (+02:00).
        var spring = new[] { new DateTimeOffset(2027, 3, 28, 0, 30, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero) };
        var day = Assert.Single(BookingPageModel.Group(spring, Berlin, German));
        Assert.Equal(["01:30", "03:30"], day.Slots.Select(s => s.Time));
        Assert.Equal("Sonntag, 28. März", day.Heading);

        // Sunday 1 November 2026, New York: 02:00 EDT falls back to 01:00 EST; 05:30 and 06:30 UTC both read 01:30.
        var autumn = new[] { new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 1, 6, 30, 0, TimeSpan.Zero) };
        var fallBack = Assert.Single(BookingPageModel.Group(autumn, NewYork, British));
        Assert.Equal(["01:30", "01:30"], fallBack.Slots.Select(s => s.Time));
        Assert.Equal(["2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z"], fallBack.Slots.Select(s => s.Value));
    }

    [Fact]
    public void The_zone_is_the_buyers_known_choice_else_the_reps_else_Berlin_and_the_select_offers_region_zones()
    {
        Assert.Equal("America/New_York", BookingPageModel.Zone("America/New_York", Berlin).Id);
        Assert.Equal("Asia/Tokyo", BookingPageModel.Zone("Mars/Olympus", Tokyo).Id);
        Assert.Equal("Asia/Tokyo", BookingPageModel.Zone(null, Tokyo).Id);
        Assert.Equal("Europe/Berlin", BookingPageModel.Zone("", null).Id);

        var zones = BookingPageModel.Zones("Europe/Berlin");
        Assert.Contains("America/New_York", zones);
        Assert.Contains("UTC", zones);
        Assert.DoesNotContain(zones, z => z.StartsWith("Etc/", StringComparison.Ordinal));
        Assert.Equal(zones.Order(StringComparer.Ordinal), zones);

        var (date, time) = BookingPageModel.When(Utc(12, 1, 8), NewYork, German);
        Assert.Equal(("Dienstag, 1. Dezember 2026", "03:00"), (date, time));
    }

    [Theory]
    [InlineData("https://www.example.com", "https://www.example.com")]
    [InlineData("https://WWW.Example.com/", "https://www.example.com")]
    [InlineData("http://localhost:8080", "http://localhost:8080")]
    [InlineData("https://example.com/path", null)]
    [InlineData("https://*.example.com", null)]
    [InlineData("example.com", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("https://example.com; script-src *", null)]
    [InlineData("https://example.com?x=1", null)]
    [InlineData("", null)]
    public void Embed_origins_are_plain_origins(string origin, string? normalized)
    {
        Assert.Equal(normalized, BookingEmbedOptions.Normalize(origin));
        Assert.Equal(normalized is not null, BookingEmbedOptions.IsValid(new BookingEmbedOptions { EmbedOrigins = [origin] }));
    }
}
