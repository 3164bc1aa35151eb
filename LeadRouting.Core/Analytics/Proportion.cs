namespace LeadRouting.Core.Analytics;

/// <summary>A 95 % confidence interval of a proportion, both ends between 0 and 1.</summary>
public readonly record struct Interval(double Lower, double Upper);

/// <summary>
/// <paramref name="Successes"/> out of <paramref name="Trials"/> (e.g. won out of closed leads) with its 95 % Wilson score
/// interval. Wilson rather than the normal approximation: it stays inside 0–1, is not zero-width at 0 or n successes and
/// is honest about small samples (3 of 5 is "60 %, somewhere between 23 % and 88 %").
/// </summary>
public readonly record struct Proportion(int Successes, int Trials)
{
    /// <summary>The two-sided 95 % quantile of the standard normal distribution.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The observed share; null without trials.</summary>
    public double? Rate => Trials == 0 ? null : (double)Successes / Trials;

    /// <summary>The 95 % Wilson score interval; null without trials.</summary>
    public Interval? Wilson95 => Wilson(Z95);

    public Interval? Wilson(double z)
    {
        if (Trials <= 0)
        {
            return null;
        }

        if (Successes < 0 || Successes > Trials)
        {
            throw new InvalidOperationException($"{Successes} successes out of {Trials} trials is not a proportion.");
        }

        double n = Trials;
        var p = Successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>"15 % (9–23 %)", or "—" without trials: the interval is always shown with the rate.</summary>
    public string Describe()
    {
        if (Rate is not { } rate || Wilson95 is not { } interval)
        {
            return "—";
        }

        return $"{Percent(rate)} % ({Percent(interval.Lower)}–{Percent(interval.Upper)} %)";
    }

    private static string Percent(double share) => Math.Round(share * 100, MidpointRounding.AwayFromZero).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
}
