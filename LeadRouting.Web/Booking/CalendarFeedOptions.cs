namespace LeadRouting.Web.Booking;

/// <summary>The <c>CalendarFeeds</c> settings: how reps' calendar feeds (ICS addresses) are refreshed (issue 20).</summary>
public sealed class CalendarFeedOptions
{
    public const string Section = "CalendarFeeds";

    /// <summary>Off: no refresh job (feeds keep what they last fetched).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often every feed is fetched again (default 15 minutes).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long one fetch may take, headers and body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A larger body is refused and the last good one kept (default 5 MB).</summary>
    public int MaxBodyBytes { get; set; } = 5 * 1024 * 1024;

    public static bool IsValid(CalendarFeedOptions options) =>
        options.RefreshInterval >= TimeSpan.FromSeconds(1) && options.RefreshInterval <= TimeSpan.FromDays(1)
        && options.Timeout > TimeSpan.Zero && options.Timeout <= TimeSpan.FromMinutes(5)
        && options.MaxBodyBytes is > 0 and <= 50 * 1024 * 1024;
}
