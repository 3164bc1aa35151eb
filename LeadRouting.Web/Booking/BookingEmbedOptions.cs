namespace LeadRouting.Web.Booking;

/// <summary>
/// The <c>Booking:EmbedOrigins</c> setting: the websites (origins such as <c>https://www.example.com</c>) that may show
/// the booking page <c>/book/…</c> in an iframe. Default none: the page, like every other page of the app, may only be
/// framed by the app itself (<c>frame-ancestors 'self'</c>). Only the booking page ever opens up; checked at start.
/// </summary>
public sealed class BookingEmbedOptions
{
    public const string Section = "Booking";

    public List<string> EmbedOrigins { get; set; } = [];

    /// <summary>The CSP <c>frame-ancestors</c> sources of the booking page: <c>'self'</c> and each configured origin.</summary>
    public string FrameAncestors() => string.Join(' ', ["'self'", .. EmbedOrigins.Select(o => Normalize(o)!)]);

    /// <summary>Every origin is <c>http(s)://host[:port]</c>: no path, query, wildcard, user info or quote.</summary>
    public static bool IsValid(BookingEmbedOptions options) => options.EmbedOrigins.Count <= 50 && options.EmbedOrigins.All(o => Normalize(o) is not null);

    /// <summary>The origin as CSP writes it (scheme and host lower case, no trailing slash), or null when it is not one.</summary>
    public static string? Normalize(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || origin.Length > 200
            || !Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http")
            || uri.UserInfo.Length > 0 || uri.PathAndQuery != "/" || uri.Fragment.Length > 0
            || origin.TrimEnd('/').Count(c => c == '/') != 2
            || uri.Host.Length == 0 || uri.Host.Contains('*') || origin.Contains('\'') || origin.Contains(';') || origin.Any(char.IsWhiteSpace))
        {
            return null;
        }

        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
    }
}
