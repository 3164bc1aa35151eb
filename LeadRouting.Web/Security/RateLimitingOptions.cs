using System.ComponentModel.DataAnnotations;
using LeadRouting.Web.Hosting;

namespace LeadRouting.Web.Security;

/// <summary>The <c>RateLimiting</c> settings (README "Rate limits"): token buckets per API key and per signing-in client.</summary>
public sealed class RateLimitingOptions : ISettingsSection
{
    public static string Section => "RateLimiting";

    [Range(1, int.MaxValue, ErrorMessage = "must be at least 1")]
    public int IngestPerSecond { get; set; } = 5_000;

    /// <summary>The most leads a key may send at once; also the largest CSV import (one token per row).</summary>
    [Range(1, int.MaxValue, ErrorMessage = "must be at least 1")]
    public int IngestBurst { get; set; } = 100_000;

    [Range(1, int.MaxValue, ErrorMessage = "must be at least 1")]
    public int SignInPerMinute { get; set; } = 10;

    [Range(1, int.MaxValue, ErrorMessage = "must be at least 1")]
    public int SignInBurst { get; set; } = 20;
}
