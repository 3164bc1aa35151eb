using LeadRouting.Core.Sla;
using LeadRouting.Web.Analytics;

namespace LeadRouting.Tests.Analytics;

public sealed class SlaComplianceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static ResponseSample Sample(string key, int minutes, ResponseStatus status) =>
        new(key, T0, minutes < 0 ? null : T0.AddMinutes(minutes), status);

    [Fact]
    public void Counts_decided_leads_only_with_share_met_median_and_p90()
    {
        var rows = SlaCompliance.Summarise(
        [
            Sample("DACH", 5, ResponseStatus.Met), Sample("DACH", 10, ResponseStatus.Met), Sample("DACH", 12, ResponseStatus.Met),
            Sample("DACH", 40, ResponseStatus.Missed), Sample("DACH", -1, ResponseStatus.Missed), Sample("DACH", -1, ResponseStatus.Pending),
            Sample("UKI", 3, ResponseStatus.Met),
        ]);

        var dach = Assert.Single(rows, r => r.Key == "DACH");
        Assert.Equal((5, 3), (dach.Decided, dach.Met));
        Assert.Equal(0.6, dach.MetShare);
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(40)), (dach.Median, dach.P90)); // of 5, 10, 12, 40
        Assert.Equal("DACH", rows[0].Key); // worst first
    }

    [Fact]
    public void Percentiles_of_nothing_are_empty_and_format_as_a_dash()
    {
        Assert.Null(SlaCompliance.Percentile([], 0.5));
        Assert.Equal("—", SlaCompliance.Format(null));
        Assert.Equal(("14 min", "2.5 h", "3 d"), (SlaCompliance.Format(TimeSpan.FromMinutes(14)), SlaCompliance.Format(TimeSpan.FromMinutes(150)), SlaCompliance.Format(TimeSpan.FromDays(3))));
    }

    [Fact]
    public void Tallies_weigh_each_response_time_by_its_count_as_the_same_leads_one_by_one_would()
    {
        ResponseTally Tally(string key, int? minutes, ResponseStatus status, int count) =>
            new(key, status, minutes is { } m ? TimeSpan.FromMinutes(m) : null, count);
        var tallied = SlaCompliance.Summarise(
        [
            Tally("DACH", 5, ResponseStatus.Met, 3), Tally("DACH", 30, ResponseStatus.Missed, 2), Tally("DACH", null, ResponseStatus.Missed, 4),
            Tally("DACH", 7, ResponseStatus.Met, 0), Tally("DACH", null, ResponseStatus.Pending, 9), Tally("UKI", 3, ResponseStatus.Met, 1),
        ]);
        var oneByOne = SlaCompliance.Summarise(
        [
            .. Enumerable.Repeat(Sample("DACH", 5, ResponseStatus.Met), 3), .. Enumerable.Repeat(Sample("DACH", 30, ResponseStatus.Missed), 2),
            .. Enumerable.Repeat(Sample("DACH", -1, ResponseStatus.Missed), 4), Sample("UKI", 3, ResponseStatus.Met),
        ]);

        Assert.Equal(oneByOne, tallied);
        var dach = Assert.Single(tallied, r => r.Key == "DACH");
        Assert.Equal((9, 3, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)), (dach.Decided, dach.Met, dach.Median, dach.P90)); // of 5, 5, 5, 30, 30
    }
}
