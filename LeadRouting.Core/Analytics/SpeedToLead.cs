namespace LeadRouting.Core.Analytics;

/// <summary>Time from receipt to a lead's first touch, in the buckets the speed-to-lead curve shows.</summary>
public enum ResponseBucket
{
    Under5Minutes,
    From5To30Minutes,
    From30To60Minutes,
    From1To4Hours,
    From4To24Hours,
    Over24Hours,
    Never,
}

public static class SpeedToLead
{
    /// <summary>The upper bounds (exclusive) of the timed buckets, in order; what is left is <see cref="ResponseBucket.Over24Hours"/>.</summary>
    public static IReadOnlyList<(ResponseBucket Bucket, TimeSpan Below)> Bounds { get; } =
    [
        (ResponseBucket.Under5Minutes, TimeSpan.FromMinutes(5)),
        (ResponseBucket.From5To30Minutes, TimeSpan.FromMinutes(30)),
        (ResponseBucket.From30To60Minutes, TimeSpan.FromHours(1)),
        (ResponseBucket.From1To4Hours, TimeSpan.FromHours(4)),
        (ResponseBucket.From4To24Hours, TimeSpan.FromHours(24)),
    ];

    public static IReadOnlyList<ResponseBucket> All { get; } = Enum.GetValues<ResponseBucket>();

    /// <summary>The bucket of a response time; null (never touched) is <see cref="ResponseBucket.Never"/>.</summary>
    public static ResponseBucket Classify(TimeSpan? responseTime)
    {
        if (responseTime is not { } time)
        {
            return ResponseBucket.Never;
        }

        foreach (var (bucket, below) in Bounds)
        {
            if (time < below)
            {
                return bucket;
            }
        }

        return ResponseBucket.Over24Hours;
    }

    public static string Label(ResponseBucket bucket) => bucket switch
    {
        ResponseBucket.Under5Minutes => "< 5 min",
        ResponseBucket.From5To30Minutes => "5–30 min",
        ResponseBucket.From30To60Minutes => "30–60 min",
        ResponseBucket.From1To4Hours => "1–4 h",
        ResponseBucket.From4To24Hours => "4–24 h",
        ResponseBucket.Over24Hours => "> 24 h",
        ResponseBucket.Never => "never",
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, null),
    };
}
