using System.Text.Json;
using LeadRouting.Core.Booking;

namespace LeadRouting.Web.Booking;

/// <summary>
/// The stored form of a feed's busy times (<c>RepCalendarFeeds.BusyJson</c>): a JSON array of <c>{"s": start, "e": end}</c>
/// UTC instants, sorted and merged as <see cref="CalendarFeed.BusyBetween"/> answers them.
/// </summary>
public static class FeedBusyJson
{
    /// <summary>The window read at every refresh, around the refresh's moment: a day back, ten weeks ahead.</summary>
    public static readonly TimeSpan Behind = TimeSpan.FromDays(1);

    /// <inheritdoc cref="Behind"/>
    public static readonly TimeSpan Ahead = TimeSpan.FromDays(70);

    public static string Write(IEnumerable<TimeRange> busy) =>
        JsonSerializer.Serialize(busy.Select(b => new Range(b.Start.ToUniversalTime(), b.End.ToUniversalTime())));

    /// <summary>The busy times stored, or none for null or unreadable text (a row written by another version).</summary>
    public static IReadOnlyList<TimeRange> Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<Range>>(json)?.Select(r => new TimeRange(r.S, r.E)).ToList() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private sealed record Range(
        [property: System.Text.Json.Serialization.JsonPropertyName("s")] DateTimeOffset S,
        [property: System.Text.Json.Serialization.JsonPropertyName("e")] DateTimeOffset E);
}
