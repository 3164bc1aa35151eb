using System.Globalization;
using System.Reflection;

namespace LeadRouting.Core.Routing.Matching;

/// <summary>
/// The Public Suffix List (https://publicsuffix.org/list/) and its algorithm: which part of a domain a company
/// registered. <c>eu.siemens.com</c> and <c>www.siemens.com</c> are both <c>siemens.com</c>, while
/// <c>siemens.co.uk</c> stays its own registrable domain, because <c>co.uk</c> is a public suffix.
/// </summary>
/// <remarks>
/// No maintained .NET package of the list is available to this project, so the list itself ships as an embedded
/// resource (<c>public_suffix_list.dat</c>, MPL-2.0, taken from the npm package <c>psl</c>, which embeds it) and the
/// algorithm is the list's own, written here: the longest matching rule is the public suffix, a wildcard rule
/// (<c>*.ck</c>) matches any one label in its place, an exception rule (<c>!www.ck</c>) wins over every other rule and
/// makes its own parent the suffix, and a domain no rule matches has its last label as suffix (the implicit <c>*</c>).
/// Rules are held in their ASCII (Punycode) form, the form <see cref="Leads.DomainNames.ToAscii"/> gives every domain.
/// To update the list, replace the resource with the upstream file; the reader ignores comments and blank lines.
/// </remarks>
public sealed class PublicSuffixList
{
    private readonly HashSet<string> _rules;
    private readonly HashSet<string> _wildcardParents;
    private readonly HashSet<string> _exceptions;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _ruleLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _wildcardLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _exceptionLookup;

    private PublicSuffixList(HashSet<string> rules, HashSet<string> wildcardParents, HashSet<string> exceptions)
    {
        _rules = rules;
        _wildcardParents = wildcardParents;
        _exceptions = exceptions;
        _ruleLookup = _rules.GetAlternateLookup<ReadOnlySpan<char>>();
        _wildcardLookup = _wildcardParents.GetAlternateLookup<ReadOnlySpan<char>>();
        _exceptionLookup = _exceptions.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static readonly Lazy<PublicSuffixList> Embedded = new(LoadEmbedded);

    /// <summary>The list shipped with the product.</summary>
    public static PublicSuffixList Default => Embedded.Value;

    public int RuleCount => _rules.Count + _wildcardParents.Count + _exceptions.Count;

    /// <summary>Reads a list in the upstream format: one rule a line, <c>//</c> comments, blank lines.</summary>
    public static PublicSuffixList Parse(TextReader reader)
    {
        var idn = new IdnMapping();
        var rules = new HashSet<string>(StringComparer.Ordinal);
        var wildcards = new HashSet<string>(StringComparer.Ordinal);
        var exceptions = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            // A rule ends at the first whitespace (the format's own definition).
            var rule = line.Trim();
            var space = rule.IndexOfAny([' ', '\t']);
            if (space >= 0)
            {
                rule = rule[..space];
            }

            if (rule.Length == 0 || rule.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            if (rule.StartsWith('!'))
            {
                exceptions.Add(Ascii(idn, rule[1..]));
            }
            else if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcards.Add(Ascii(idn, rule[2..]));
            }
            else
            {
                rules.Add(Ascii(idn, rule));
            }
        }

        return new PublicSuffixList(rules, wildcards, exceptions);
    }

    /// <summary>
    /// The public suffix of <paramref name="domain"/> (lower-case ASCII, no trailing dot): <c>co.uk</c> for
    /// <c>www.siemens.co.uk</c>. Null for an empty domain or one with an empty label.
    /// </summary>
    public string? PublicSuffix(string domain)
    {
        var start = PublicSuffixStart(domain);
        return start < 0 ? null : domain[start..];
    }

    /// <summary>
    /// The domain a company registered: the public suffix plus one label (<c>eu.siemens.com</c> → <c>siemens.com</c>).
    /// Null when <paramref name="domain"/> is itself a public suffix (<c>co.uk</c>) or not a domain.
    /// </summary>
    public string? RegistrableDomain(string domain)
    {
        var start = PublicSuffixStart(domain);
        if (start <= 0)
        {
            return null;
        }

        // start - 1 is the dot before the suffix; the registrable domain starts after the dot before that.
        var previousDot = domain.LastIndexOf('.', start - 2);
        return previousDot < 0 ? domain : domain[(previousDot + 1)..];
    }

    /// <summary>Where the public suffix of <paramref name="domain"/> starts, or -1 when it is no domain.</summary>
    private int PublicSuffixStart(string domain)
    {
        if (domain.Length == 0 || domain[0] == '.' || domain[^1] == '.' || domain.Contains("..", StringComparison.Ordinal))
        {
            return -1;
        }

        var span = domain.AsSpan();

        // An exception rule prevails over every other rule: its suffix is the rule minus its leftmost label.
        for (var start = 0; start >= 0; start = NextLabel(domain, start))
        {
            if (_exceptionLookup.Contains(span[start..]))
            {
                return NextLabel(domain, start);
            }
        }

        // Otherwise the longest matching rule; suffixes are tried from the longest down, so the first match wins.
        for (var start = 0; start >= 0; start = NextLabel(domain, start))
        {
            var suffix = span[start..];
            if (_ruleLookup.Contains(suffix))
            {
                return start;
            }

            var parent = NextLabel(domain, start);
            if (parent >= 0 && _wildcardLookup.Contains(span[parent..]))
            {
                return start;
            }
        }

        // The implicit rule "*": the last label.
        return domain.LastIndexOf('.') + 1;
    }

    private static int NextLabel(string domain, int start)
    {
        var dot = domain.IndexOf('.', start);
        return dot < 0 ? -1 : dot + 1;
    }

    private static string Ascii(IdnMapping idn, string rule)
    {
        foreach (var c in rule)
        {
            if (c > 0x7F)
            {
                return idn.GetAscii(rule).ToLowerInvariant();
            }
        }

        return rule.ToLowerInvariant();
    }

    private static PublicSuffixList LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("LeadRouting.Core.public_suffix_list.dat")
            ?? throw new InvalidOperationException("The public suffix list resource is missing from LeadRouting.Core.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
