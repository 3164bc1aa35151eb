using System.ComponentModel.DataAnnotations;
using LeadRouting.Web.Hosting;
using Quartz;

namespace LeadRouting.Web.Data.Backups;

/// <summary>
/// The <c>Backups</c> settings: the scheduled online backup of the SQLite database (README "Backup and restore").
/// On PostgreSQL nothing is scheduled: its own tools back it up.
/// </summary>
public sealed class BackupOptions : ISettingsSection, IValidatableObject
{
    public static string Section => "Backups";

    /// <summary>On by default: a self-hosted product whose operator never thought of backups still has last night's.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A Quartz cron expression, read in UTC; default every day at 02:30 UTC (03:30 in Berlin in winter).</summary>
    public string Schedule { get; set; } = "0 30 2 * * ?";

    /// <summary>Where scheduled backups go; default <c>backups/</c> in the data folder. Point it at another disk.</summary>
    public string? Directory { get; set; }

    /// <summary>How many scheduled backups are kept; the oldest beyond this are deleted after a new one succeeded.</summary>
    [Range(1, 1000, ErrorMessage = "must be 1 to 1000 backups")]
    public int Keep { get; set; } = 7;

    public string DirectoryFor(string dataDirectory) =>
        string.IsNullOrWhiteSpace(Directory) ? Path.Combine(dataDirectory, "backups") : Directory;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!CronExpression.TryParse(Schedule ?? "", out _))
        {
            yield return new ValidationResult(
                $"'{Schedule}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. \"0 30 2 * * ?\").",
                [nameof(Schedule)]);
        }
    }
}
