using LeadRouting.Core.Analytics;

namespace LeadRouting.Tests.Core.Analytics;

public sealed class ProportionTests
{
    [Theory]
    // Known values of the 95 % Wilson score interval (e.g. R's prop.test without continuity correction, binom.wilson).
    [InlineData(15, 100, 0.0931, 0.2328)]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(25, 100, 0.1755, 0.3430)]
    [InlineData(1, 2, 0.0945, 0.9055)]
    public void Wilson95_matches_known_values(int successes, int trials, double lower, double upper)
    {
        var interval = new Proportion(successes, trials).Wilson95!.Value;

        Assert.Equal(lower, interval.Lower, 4);
        Assert.Equal(upper, interval.Upper, 4);
    }

    [Fact]
    public void Without_trials_there_is_no_rate_and_no_interval()
    {
        var none = new Proportion(0, 0);

        Assert.Null(none.Rate);
        Assert.Null(none.Wilson95);
        Assert.Equal("—", none.Describe());
    }

    [Fact]
    public void Small_samples_get_visibly_wider_intervals_than_large_ones_at_the_same_rate()
    {
        var small = new Proportion(3, 20).Wilson95!.Value;
        var large = new Proportion(150, 1000).Wilson95!.Value;

        Assert.True(small.Upper - small.Lower > 3 * (large.Upper - large.Lower));
        Assert.Equal("15 % (5–36 %)", new Proportion(3, 20).Describe());
        Assert.Equal("15 % (13–17 %)", new Proportion(150, 1000).Describe());
    }

    [Fact]
    public void Describe_shows_the_rate_with_its_interval()
    {
        Assert.Equal("15 % (9–23 %)", new Proportion(15, 100).Describe());
        Assert.Equal("0 % (0–28 %)", new Proportion(0, 10).Describe());
    }

    [Fact]
    public void More_successes_than_trials_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new Proportion(3, 2).Wilson95);
    }
}

public sealed class SpeedToLeadTests
{
    [Theory]
    [InlineData(null, ResponseBucket.Never)]
    [InlineData(0.0, ResponseBucket.Under5Minutes)]
    [InlineData(4.99, ResponseBucket.Under5Minutes)]
    [InlineData(5.0, ResponseBucket.From5To30Minutes)]
    [InlineData(30.0, ResponseBucket.From30To60Minutes)]
    [InlineData(60.0, ResponseBucket.From1To4Hours)]
    [InlineData(239.0, ResponseBucket.From1To4Hours)]
    [InlineData(240.0, ResponseBucket.From4To24Hours)]
    [InlineData(1440.0, ResponseBucket.Over24Hours)]
    public void Classify_puts_each_bound_in_the_later_bucket(double? minutes, ResponseBucket expected) =>
        Assert.Equal(expected, SpeedToLead.Classify(minutes is { } m ? TimeSpan.FromMinutes(m) : null));
}

public sealed class RepLoadBalanceTests
{
    [Theory]
    [InlineData(18, 20, 10, 40, 1, 4, LoadFlag.Overloaded)] // 90 % full
    [InlineData(5, 20, 15, 40, 1, 4, LoadFlag.Overloaded)] // 37.5 % of the pool's leads for a 25 % weight
    [InlineData(2, 20, 4, 40, 1, 4, LoadFlag.Underloaded)] // idle and 10 % for 25 %
    [InlineData(2, 20, 10, 40, 1, 4, LoadFlag.Balanced)] // idle but getting its share
    [InlineData(10, 20, 5, 40, 1, 4, LoadFlag.Balanced)] // half full, a little under its share
    public void Classify_flags_over_and_under_loaded_reps(int open, int capacity, int assigned, int peersAssigned, int weight, int peersWeight, LoadFlag expected)
    {
        var utilisation = RepLoadBalance.Utilisation(open, capacity);
        var ratio = RepLoadBalance.ShareRatio(assigned, peersAssigned, weight, peersWeight);

        Assert.Equal(expected, RepLoadBalance.Classify(utilisation, ratio));
    }

    [Fact]
    public void A_weight_of_two_expects_twice_the_share()
    {
        Assert.Equal(1.0, RepLoadBalance.ShareRatio(assigned: 20, peersAssigned: 30, weight: 2, peersWeight: 3)!.Value, 6);
    }
}
