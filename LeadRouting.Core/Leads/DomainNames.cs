using System.Globalization;
using System.Text;

namespace LeadRouting.Core.Leads;

/// <summary>
/// Company and email domains in one canonical form, so that two spellings of the same domain are one key for dedup
/// and account matching: lower-case ASCII, internationalised labels as Punycode (IDNA 2008 / UTS 46, as browsers map
/// them: "Bücher.de", "ｂücher.de" and "xn--bcher-kva.de" are all <c>xn--bcher-kva.de</c>). Refused: invisible and
/// control characters (UTS 46 would silently drop a zero-width space, letting "ac\u200Bme.com" pass for "acme.com"),
/// and a label that mixes scripts that look alike — Latin with Cyrillic or Greek (<c>аcme.com</c> with a Cyrillic
/// "а"), also when it arrives as Punycode.
/// </summary>
public static class DomainNames
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <summary>
    /// The canonical ASCII form of <paramref name="domain"/> (already stripped of scheme, path and "www."), or null with
    /// the reason in <paramref name="problem"/>. Syntax beyond what IDNA checks (a dot, label lengths) is
    /// <see cref="LeadValidator.IsDomain"/>'s.
    /// </summary>
    public static string? ToAscii(string domain, out string? problem)
    {
        problem = TextRules.InvisibleInAddressProblem(domain);
        if (problem is not null)
        {
            return null;
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain.TrimEnd('.')).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            problem = "Is not a valid domain name.";
            return null;
        }

        foreach (var label in ascii.Split('.'))
        {
            if (!label.StartsWith("xn--", StringComparison.Ordinal))
            {
                continue;
            }

            string unicode;
            try
            {
                unicode = Idn.GetUnicode(label);
            }
            catch (ArgumentException)
            {
                problem = $"The label '{label}' is not valid Punycode.";
                return null;
            }

            if (WritingScripts.FirstMix(unicode) is { } mix)
            {
                problem = MixedScripts($"The label '{unicode}'", mix);
                return null;
            }
        }

        return ascii;
    }

    /// <summary>A domain as people read it: Punycode labels shown in their own script.</summary>
    public static string ToUnicode(string asciiDomain)
    {
        try
        {
            return Idn.GetUnicode(asciiDomain);
        }
        catch (ArgumentException)
        {
            return asciiDomain;
        }
    }

    internal static string MixedScripts(string what, (Rune Letter, string Script, string Other) mix) =>
        $"{what} mixes {mix.Other} and {mix.Script} letters ({TextRules.Describe(mix.Letter)} is {mix.Script}); " +
        "letters that look alike across scripts are not accepted, so one address cannot pose as another.";
}
