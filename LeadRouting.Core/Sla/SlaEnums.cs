namespace LeadRouting.Core.Sla;

/// <summary>Unit of an SLA duration. Minutes and hours count business time unless the policy runs 24/7.</summary>
public enum DurationUnit
{
    Minutes,
    Hours,
    BusinessDays,
}

/// <summary>Which clock an SLA policy runs on.</summary>
public enum SlaClockMode
{
    /// <summary>Business time of the owning team's calendar (time zone, weekly hours, holidays).</summary>
    BusinessHours,

    /// <summary>Wall-clock time, ignoring the calendar.</summary>
    AroundTheClock,
}

/// <summary>An amount of SLA time, e.g. 15 minutes or 5 business days.</summary>
public sealed record SlaDuration(int Amount, DurationUnit Unit)
{
    public override string ToString() => Unit switch
    {
        DurationUnit.Minutes => $"{Amount} min",
        DurationUnit.Hours => $"{Amount} h",
        _ => $"{Amount} business day{(Amount == 1 ? "" : "s")}",
    };
}
