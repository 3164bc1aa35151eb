using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Import;

/// <summary>
/// Reduces a website cell (<c>https://www.siemens.com/de/</c>) to the company domain a lead or account holds
/// (<c>siemens.com</c>): scheme, user info, port, path, query and fragment go, as does a leading <c>www.</c>; the rest is
/// canonical as <see cref="DomainNames"/> makes every domain (lower case, internationalised labels in Punycode,
/// look-alike scripts refused). Other subdomains stay (<c>de.siemens.com</c>, <c>shop.example.co.uk</c>): telling a
/// company's own subdomain from a registry's suffix (<c>co.uk</c>) needs the public suffix list, and the lead's
/// <c>companyDomain</c> keeps them the same way.
/// </summary>
public static class WebsiteDomains
{
    /// <summary>The domain of <paramref name="website"/>, or null with the reason (naming the value) in <paramref name="problem"/>.</summary>
    public static string? Read(string website, out string? problem)
    {
        var host = website.Trim();
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }
        else if (host.StartsWith("//", StringComparison.Ordinal))
        {
            host = host[2..];
        }

        var end = host.IndexOfAny(['/', '?', '#']);
        if (end >= 0)
        {
            host = host[..end];
        }

        var userInfo = host.LastIndexOf('@');
        if (userInfo >= 0)
        {
            host = host[(userInfo + 1)..];
        }

        var port = host.LastIndexOf(':');
        if (port >= 0 && host[(port + 1)..].All(char.IsAsciiDigit))
        {
            host = host[..port];
        }

        if (LeadValidator.DomainProblem(host) is { } why)
        {
            problem = $"'{TextRules.Shorten(website)}' is not a website or domain: {why}";
            return null;
        }

        problem = null;
        return LeadValidator.NormaliseDomain(host);
    }
}
