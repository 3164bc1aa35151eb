using System.ComponentModel.DataAnnotations;
using LeadRouting.Web.Hosting;

namespace LeadRouting.Web.Demo;

/// <summary>The <c>Demo</c> settings as written; <see cref="DemoSettings"/> is what they mean in this environment.</summary>
public sealed class DemoOptions : ISettingsSection
{
    public static string Section => "Demo";

    public bool Enabled { get; set; }

    public string? Password { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Days of generated history before today on first start; 0 for none.</summary>
    [Range(0, 3650, ErrorMessage = "must be 0 to 3650 days")]
    public int HistoryDays { get; set; }

    public int Seed { get; set; } = DemoHistorySeeder.DefaultSeed;
}
