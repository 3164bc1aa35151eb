using LeadRouting.Core.Sla;

namespace LeadRouting.Tests.Core.Sla;

/// <summary>
/// <see cref="ZonedTimes.InstantOf"/>, the one reading of a local date-time that the SLA calendar and the CRM export
/// reader share: an ordinary time, a time the spring-forward gap skips, a time the fall-back overlap repeats.
/// </summary>
public sealed class ZonedTimesTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("2026-11-30T16:00:00", "2026-11-30T15:00:00Z")] // winter: UTC+1
    [InlineData("2026-07-01T09:00:00", "2026-07-01T07:00:00Z")] // summer: UTC+2
    [InlineData("2026-03-29T02:30:00", "2026-03-29T01:30:00Z")] // skipped: where the clock shows 03:30
    [InlineData("2026-10-25T02:30:00", "2026-10-25T00:30:00Z")] // repeated: the earlier of the two
    public void A_Berlin_local_time_is_read_as_its_instant(string local, string instant)
    {
        var read = Berlin.InstantOf(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }
}
