using System.Security.Cryptography;
using System.Text;

namespace LeadRouting.Web.Notifications;

/// <summary>Settings of the Slack app whose buttons act on leads (section <c>Slack</c>).</summary>
public sealed class SlackOptions
{
    /// <summary>
    /// The Slack app's signing secret (Basic Information → App Credentials). Empty: <c>/api/slack/interactions</c> refuses
    /// every request. Keep it in user secrets or the environment (<c>Slack__SigningSecret</c>), not in the file.
    /// </summary>
    public string? SigningSecret { get; set; }
}

/// <summary>
/// Slack's request signing (v0): <c>X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"))</c>
/// with <c>X-Slack-Request-Timestamp</c> (Unix seconds) at most <see cref="MaxAge"/> away from now, so a captured
/// request cannot be replayed later. Compared in constant time.
/// </summary>
public static class SlackSignature
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>Null when the request is Slack's and fresh; else why not (for the log and the 401 answer).</summary>
    public static string? Refusal(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return $"{TimestampHeader} is missing or not a number.";
        }

        if (seconds > 253402300799 || Math.Abs((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Ticks) > MaxAge.Ticks)
        {
            return $"{TimestampHeader} is more than {MaxAge.TotalMinutes:0} minutes away from now.";
        }

        if (string.IsNullOrEmpty(signature))
        {
            return $"{SignatureHeader} is missing.";
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        var given = Encoding.UTF8.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : $"{SignatureHeader} does not match.";
    }
}
