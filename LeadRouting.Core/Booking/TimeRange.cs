namespace LeadRouting.Core.Booking;

/// <summary>A span of absolute time, start inclusive and end exclusive: a busy time, an absence, a meeting.</summary>
public readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;

    /// <summary>True when the two share time; ranges that only touch (one ends where the other starts) do not.</summary>
    public bool Overlaps(TimeRange other) => Start < other.End && other.Start < End;

    public override string ToString() => $"{Start:u} – {End:u}";
}

/// <summary>A bookable meeting time of one rep, in UTC.</summary>
public sealed record Slot(DateTimeOffset Start, DateTimeOffset End, RepId RepId);
