namespace LeadRouting.Core.Sla;

/// <summary>Local date-times of a time zone read as instants, one rule for the SLA calendar and the CRM export reader.</summary>
public static class ZonedTimes
{
    /// <summary>
    /// The instant a local date-time of <paramref name="zone"/> means: in a spring-forward gap, the time the clock shows
    /// after the jump (02:30 is read with the offset in force before the gap, so it lands where the clock shows 03:30);
    /// in a fall-back overlap, the earlier of the two instants.
    /// </summary>
    public static DateTimeOffset InstantOf(this TimeZoneInfo zone, DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            // A day back is safely before the gap (gaps last an hour or two).
            offset = zone.GetUtcOffset(local.AddDays(-1));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }
}
