using System.Globalization;
using LeadRouting.Core.Routing;

namespace LeadRouting.Core.Booking;

/// <summary>
/// How buyers book a meeting with the routed rep right after the form (issue 20): the meeting's length, the free time
/// kept around it, how soon and how far ahead it may be booked, the grid slots start on, which treatments are offered a
/// booking link and how long that link lasts. Part of the published routing policy (<c>policy.booking</c>), so a change
/// is versioned like every other rule; a document written before the section existed reads with these defaults.
/// Durations are written as <c>hh:mm:ss</c> (<c>d.hh:mm:ss</c> with days) in the configuration document.
/// </summary>
public sealed record BookingPolicy
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan DefaultBuffer = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultMinimumNotice = TimeSpan.FromHours(2);
    public const int DefaultHorizonBusinessDays = 5;
    public static readonly TimeSpan DefaultStep = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromDays(7);

    /// <summary>The most business days one slot search covers (the policy's horizon and an API caller's <c>days</c>).</summary>
    public const int MaxHorizonBusinessDays = 60;

    private static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(8);
    private static readonly TimeSpan MaxBuffer = TimeSpan.FromHours(4);
    private static readonly TimeSpan MaxMinimumNotice = TimeSpan.FromDays(30);
    private static readonly TimeSpan MinStep = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxStep = TimeSpan.FromHours(4);
    private static readonly TimeSpan MinTokenLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromDays(90);

    /// <summary>The length of a booked meeting (real elapsed time, also across a DST change).</summary>
    public TimeSpan Duration { get; init; } = DefaultDuration;

    /// <summary>Free time kept before every booked meeting: no other busy time may lie in it (working hours may end in it).</summary>
    public TimeSpan BufferBefore { get; init; } = DefaultBuffer;

    /// <summary>Free time kept after every booked meeting, like <see cref="BufferBefore"/>.</summary>
    public TimeSpan BufferAfter { get; init; } = DefaultBuffer;

    /// <summary>A slot starts at least this long after the moment the slots are computed.</summary>
    public TimeSpan MinimumNotice { get; init; } = DefaultMinimumNotice;

    /// <summary>How many of the rep's working days (holidays and days without hours skipped) the buyer is offered.</summary>
    public int HorizonBusinessDays { get; init; } = DefaultHorizonBusinessDays;

    /// <summary>Slots start where the rep's local clock shows a multiple of this since midnight (:00, :15, :30, :45).</summary>
    public TimeSpan Step { get; init; } = DefaultStep;

    /// <summary>The treatments whose leads are offered a booking link; empty switches booking off.</summary>
    public IReadOnlyList<TreatmentAction> BookableTreatments { get; init; } = [TreatmentAction.AeImmediate, TreatmentAction.SdrFastTrack];

    /// <summary>How long a booking link stays valid after the offer.</summary>
    public TimeSpan TokenLifetime { get; init; } = DefaultTokenLifetime;

    public static BookingPolicy Default { get; } = new();

    /// <summary>Whether leads of <paramref name="action"/> are offered a booking link.</summary>
    public bool IsBookable(TreatmentAction action) => BookableTreatments.Contains(action);

    /// <summary>The problems of this policy, each naming its field (<c>booking.duration …</c>); empty when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        CheckRange(problems, "duration", Duration, MinDuration, MaxDuration);
        CheckRange(problems, "bufferBefore", BufferBefore, TimeSpan.Zero, MaxBuffer);
        CheckRange(problems, "bufferAfter", BufferAfter, TimeSpan.Zero, MaxBuffer);
        CheckRange(problems, "minimumNotice", MinimumNotice, TimeSpan.Zero, MaxMinimumNotice);
        CheckRange(problems, "step", Step, MinStep, MaxStep);
        CheckRange(problems, "tokenLifetime", TokenLifetime, MinTokenLifetime, MaxTokenLifetime);
        if (HorizonBusinessDays is < 1 or > MaxHorizonBusinessDays)
        {
            problems.Add($"booking.horizonBusinessDays must be between 1 and {MaxHorizonBusinessDays}.");
        }

        var repeated = BookableTreatments.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key.ToString()).ToList();
        if (repeated.Count > 0)
        {
            problems.Add($"booking.bookableTreatments names {string.Join(", ", repeated)} more than once.");
        }

        var unknown = BookableTreatments.Where(t => !Enum.IsDefined(t)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add($"booking.bookableTreatments holds values that are not treatments: {string.Join(", ", unknown.Select(u => (int)u))}.");
        }

        return problems;
    }

    private static void CheckRange(List<string> problems, string field, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max || value.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            problems.Add($"booking.{field} must be whole minutes between {Show(min)} and {Show(max)} (found {Show(value)}).");
        }
    }

    private static string Show(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
