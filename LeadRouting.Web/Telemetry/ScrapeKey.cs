using System.Security.Cryptography;
using System.Text;

namespace LeadRouting.Web.Telemetry;

/// <summary>
/// The bearer key of <c>/metrics</c>. Only its SHA-256 is kept in memory, and a presented key is hashed and compared in
/// constant time, so neither the comparison's timing nor a memory dump gives the key away. The setting may hold the
/// hash itself (<c>sha256:&lt;hex&gt;</c>), so the key need not sit in clear text in the app's configuration either.
/// </summary>
public sealed class ScrapeKey
{
    public const int MinimumLength = 24;
    private const string HashPrefix = "sha256:";

    private readonly byte[] _hash;

    public ScrapeKey(string setting)
    {
        if (Problem(setting) is { } problem)
        {
            throw new ArgumentException($"Telemetry:Prometheus:Key {problem}", nameof(setting));
        }

        _hash = setting.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase)
            ? Convert.FromHexString(setting[HashPrefix.Length..])
            : SHA256.HashData(Encoding.UTF8.GetBytes(setting));
    }

    /// <summary>What is wrong with a key setting, or null.</summary>
    public static string? Problem(string setting)
    {
        if (setting.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var hex = setting[HashPrefix.Length..];
            return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? null : "after 'sha256:' needs the 64 hex digits of the key's SHA-256.";
        }

        return setting.Length < MinimumLength ? $"is too short: at least {MinimumLength} characters (e.g. openssl rand -hex 32)." : null;
    }

    /// <summary>Whether the request carries the key as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public bool Accepts(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _hash);
    }
}
