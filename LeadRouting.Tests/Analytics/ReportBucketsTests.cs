using System.Globalization;
using LeadRouting.Web.Analytics;
using Microsoft.Data.Sqlite;

namespace LeadRouting.Tests.Analytics;

/// <summary>
/// Issue 17: the SLA report's days are the reader's calendar days. A lead at 00:30 in Berlin counts on that Berlin day,
/// not on the UTC day before; the week the clocks go back has a 25-hour Sunday. The bucket SQL runs in a real SQLite.
/// </summary>
public sealed class ReportBucketsTests : IDisposable
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private readonly SqliteConnection _sqlite = new("Data Source=:memory:");

    public ReportBucketsTests() => _sqlite.Open();

    public void Dispose() => _sqlite.Dispose();

    private long BucketOf(ReportBuckets buckets, DateTimeOffset receivedAt)
    {
        using var command = _sqlite.CreateCommand();
        command.CommandText = $"SELECT {buckets.Sql("ReceivedAt")} FROM (SELECT {receivedAt.UtcTicks} AS \"ReceivedAt\")";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The local day a lead is counted on: its bucket's start, read at the start's own offset.</summary>
    private DateOnly DayOf(ReportBuckets buckets, DateTimeOffset receivedAt) =>
        DateOnly.FromDateTime(buckets.Starts[(int)BucketOf(buckets, receivedAt)].DateTime);

    private static DateTimeOffset Utc(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // Summer time ends in Berlin on Sunday 25 Oct 2026 at 03:00 CEST (01:00 UTC).
    private static ReportFilter October(TimeZoneInfo zone, ReportGranularity granularity = ReportGranularity.Day) =>
        new() { From = Utc("2026-10-20T00:00:00Z"), To = Utc("2026-11-03T00:00:00Z"), Zone = zone, Granularity = granularity };

    [Theory]
    [InlineData("2026-10-24T22:30:00Z", "2026-10-25")] // 00:30 CEST on Sunday
    [InlineData("2026-10-25T22:30:00Z", "2026-10-25")] // 23:30 CET, the 25-hour Sunday's last hour
    [InlineData("2026-10-25T23:30:00Z", "2026-10-26")] // 00:30 CET on Monday
    [InlineData("2026-10-21T21:59:59Z", "2026-10-21")] // 23:59:59 CEST
    [InlineData("2026-10-21T22:00:00Z", "2026-10-22")] // midnight CEST
    public void A_lead_counts_on_its_Berlin_day_across_the_change_to_winter_time(string receivedAt, string day)
    {
        var buckets = ReportBuckets.Of(October(Berlin));

        Assert.Equal(DateOnly.Parse(day, CultureInfo.InvariantCulture), DayOf(buckets, Utc(receivedAt)));
    }

    [Fact]
    public void Each_day_starts_at_local_midnight_and_the_day_the_clocks_go_back_has_25_hours()
    {
        var buckets = ReportBuckets.Of(October(Berlin));

        // From 20 Oct 02:00 Berlin time to 3 Nov 01:00: the days 20 Oct to 3 Nov.
        Assert.Equal(15, buckets.Starts.Count);
        Assert.All(buckets.Starts, s => Assert.Equal(TimeSpan.Zero, s.DateTime.TimeOfDay));
        var sunday = buckets.Starts.Single(s => s.DateTime.Date == new DateTime(2026, 10, 25));
        var monday = buckets.Starts.Single(s => s.DateTime.Date == new DateTime(2026, 10, 26));
        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.FromHours(1)), (sunday.Offset, monday.Offset));
        Assert.Equal(TimeSpan.FromHours(25), monday - sunday);
    }

    [Fact]
    public void Without_a_zone_the_days_are_UTC_days_as_the_API_always_answered()
    {
        var buckets = ReportBuckets.Of(October(TimeZoneInfo.Utc));

        Assert.Equal(new DateOnly(2026, 10, 24), DayOf(buckets, Utc("2026-10-24T22:30:00Z")));
        Assert.Equal(Utc("2026-10-20T00:00:00Z"), buckets.Starts[0]);
        Assert.Equal(14, buckets.Starts.Count);
    }

    [Fact]
    public void Weeks_start_on_the_local_Monday()
    {
        var buckets = ReportBuckets.Of(October(Berlin, ReportGranularity.Week));

        Assert.Equal([new DateOnly(2026, 10, 19), new DateOnly(2026, 10, 26), new DateOnly(2026, 11, 2)], buckets.Starts.Select(s => DateOnly.FromDateTime(s.DateTime)));
        Assert.Equal(new DateOnly(2026, 10, 26), DayOf(buckets, Utc("2026-10-25T23:30:00Z"))); // Monday 00:30 CET
        Assert.Equal(new DateOnly(2026, 10, 19), DayOf(buckets, Utc("2026-10-25T22:30:00Z"))); // Sunday 23:30 CET
    }
}
