using System.ComponentModel.DataAnnotations;
using LeadRouting.Web.Hosting;

namespace LeadRouting.Web.Jobs;

/// <summary>The <c>Scheduling</c> settings: the Quartz escalation sweep.</summary>
public sealed class SchedulingOptions : ISettingsSection
{
    public static string Section => "Scheduling";

    /// <summary>Off only for instances that must not sweep (tests that drive the sweep themselves).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the sweep looks for overdue leads.</summary>
    [Range(1, 3600, ErrorMessage = "must be 1 to 3600 seconds")]
    public int SweepIntervalSeconds { get; set; } = 5;
}
