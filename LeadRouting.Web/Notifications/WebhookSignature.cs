using System.Security.Cryptography;
using System.Text;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// Webhook signatures: <c>X-LeadRouting-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 with the subscription's
/// secret over <c>{X-LeadRouting-Timestamp}.{raw body}</c>. The timestamp (Unix seconds) is inside the signature,
/// so a receiver that rejects old timestamps also rejects replays.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-LeadRouting-Signature";
    public const string TimestampHeader = "X-LeadRouting-Timestamp";
    public const string DeliveryHeader = "X-LeadRouting-Delivery";
    public const string EventHeader = "X-LeadRouting-Event";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>What a receiver does: recompute and compare in constant time.</summary>
    public static bool Verify(string secret, string timestampHeader, ReadOnlySpan<byte> body, string signatureHeader) =>
        long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
        && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)),
            Encoding.ASCII.GetBytes(signatureHeader));
}
