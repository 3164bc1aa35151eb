using System.Net.Mail;
using System.Text;

namespace LeadRouting.Core.Leads;

/// <summary>
/// An email address in the one form dedup compares (DESIGN.md §2.1: the same person is the same email), so that no
/// second spelling of an address creates a second lead: without surrounding spaces, Unicode NFC, lower case, the domain in its canonical
/// ASCII form (<see cref="DomainNames"/>). What could make two different-looking strings the same address, or one
/// address look like another, is refused rather than guessed: invisible characters (zero-width, directional marks and
/// overrides, soft hyphen), spaces and controls anywhere; compatibility characters in the local part (fullwidth
/// "ｊ", ligatures: write the plain letter); a local part or domain label that mixes look-alike scripts (a Cyrillic
/// "а" among Latin letters). Internationalised addresses in one script (<c>иван@пример.рф</c>, <c>jörg@bücher.de</c>)
/// are accepted.
/// </summary>
public static class EmailAddresses
{
    /// <summary>The canonical form of <paramref name="email"/>, or null with the reason in <paramref name="problem"/>.</summary>
    public static string? Canonical(string email, out string? problem)
    {
        // Spaces around an address are a form's or a spreadsheet's doing; any other whitespace is refused below.
        var trimmed = email.Trim(' ');
        problem = TextRules.InvisibleInAddressProblem(trimmed);
        if (problem is not null)
        {
            return null;
        }

        var text = TextRules.Nfc(trimmed);
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            problem = $"'{Shorten(text)}' is not a valid email address.";
            return null;
        }

        var local = text[..at];
        foreach (var rune in local.EnumerateRunes())
        {
            var plain = rune.ToString().Normalize(NormalizationForm.FormKC);
            if (plain != rune.ToString())
            {
                problem = $"The part before @ contains the compatibility character {TextRules.Describe(rune)}; write '{plain}' instead.";
                return null;
            }
        }

        if (WritingScripts.FirstMix(local) is { } mix)
        {
            problem = DomainNames.MixedScripts("The part before @", mix);
            return null;
        }

        if (DomainNames.ToAscii(text[(at + 1)..], out var domainProblem) is not { } domain)
        {
            problem = $"The domain of '{Shorten(text)}': {domainProblem}";
            return null;
        }

        var canonical = local.ToLowerInvariant() + "@" + domain;
        if (!IsAddress(canonical))
        {
            problem = $"'{Shorten(text)}' is not a valid email address.";
            return null;
        }

        return canonical;
    }

    /// <summary>Syntax of a canonical address: one mailbox as System.Net.Mail reads it, and a real domain name.</summary>
    private static bool IsAddress(string canonical)
    {
        var at = canonical.LastIndexOf('@');
        return MailAddress.TryCreate(canonical, out var parsed)
            && string.Equals(parsed.Address, canonical, StringComparison.Ordinal)
            && LeadValidator.IsDomain(canonical[(at + 1)..]);
    }

    private static string Shorten(string value) => TextRules.Shorten(value);
}
