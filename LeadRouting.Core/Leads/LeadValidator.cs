using System.Globalization;

namespace LeadRouting.Core.Leads;

/// <summary>
/// The intake rules of DESIGN.md §1: required fields, sane sizes and lengths, real country codes.
/// Returns every problem at once so a caller can fix the whole payload in one round trip.
/// </summary>
public static class LeadValidator
{
    public const int MaxTextLength = 256;
    public const int MaxEmailLength = 254;
    public const int MaxDomainLength = 253;
    public const int MaxExternalIdLength = 128;
    public const int MaxTechStackItems = 50;
    public const int MaxSignals = 200;
    public const int MaxEmployees = 10_000_000;
    public const decimal MaxDealSize = 1_000_000_000_000m;

    /// <summary>How far in the future a timestamp may lie before it counts as a client clock error.</summary>
    public static readonly TimeSpan ClockSkewTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The earliest <c>receivedAt</c> or signal time accepted. Older instants are defaults and typos (year 1, the Unix
    /// epoch, "0026" for 2026), not leads, and a lead received that long ago would breach its SLA the moment it is
    /// stored. Historical imports of real old leads are a separate mode (issue 16), not a reason to accept year 1 here.
    /// </summary>
    public static readonly DateTimeOffset EarliestInstant = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Validate(LeadSubmission lead, DateTimeOffset now, FieldErrors errors)
    {
        ValidateEmail(lead.Email, errors);
        foreach (var field in LeadFields.All)
        {
            if (field.MaxLength is { } maxLength)
            {
                ValidateText(field.Name, field.TextOf(lead), maxLength, errors);
            }
        }

        if (lead.CompanyDomain is { } domain && !string.IsNullOrWhiteSpace(domain) && DomainProblem(domain) is { } domainProblem)
        {
            errors.Add("companyDomain", domainProblem);
        }

        if (lead.Employees is < 0)
        {
            errors.Add("employees", "Must not be negative.");
        }
        else if (lead.Employees > MaxEmployees)
        {
            errors.Add("employees", $"Must be at most {MaxEmployees.ToString("N0", CultureInfo.InvariantCulture)}.");
        }

        if (lead.Country is { } country && !string.IsNullOrWhiteSpace(country) && !CountryCodes.IsValid(country.Trim()))
        {
            errors.Add("country", TextRules.SingleLineProblem(country) is { } countryProblem
                ? countryProblem
                : $"'{Shorten(country)}' is not an ISO 3166-1 alpha-2 country code (e.g. DE, US).");
        }

        if (lead.TechStack.Count > MaxTechStackItems)
        {
            errors.Add("techStack", $"At most {MaxTechStackItems} entries.");
        }

        for (var i = 0; i < lead.TechStack.Count; i++)
        {
            var item = lead.TechStack[i];
            if (string.IsNullOrWhiteSpace(item))
            {
                errors.Add($"techStack[{i}]", "Must not be empty.");
            }
            else
            {
                ValidateText($"techStack[{i}]", item, MaxTextLength, errors);
            }
        }

        if (lead.Source is null)
        {
            errors.Add("source", "Is required.");
        }

        if (lead.Signals.Count > MaxSignals)
        {
            errors.Add("signals", $"At most {MaxSignals} signals per request.");
        }

        for (var i = 0; i < lead.Signals.Count; i++)
        {
            ValidateInstant($"signals[{i}].at", lead.Signals[i].At, now, errors);
        }

        if (lead.EstimatedDealSize is < 0)
        {
            errors.Add("estimatedDealSize", "Must not be negative.");
        }
        else if (lead.EstimatedDealSize > MaxDealSize)
        {
            errors.Add("estimatedDealSize", "Is implausibly large.");
        }

        if (lead.ReceivedAt is { } receivedAt)
        {
            ValidateInstant("receivedAt", receivedAt, now, errors);
        }
    }

    /// <summary>A lead's or a signal's time: not in the future (beyond clock skew), not before <see cref="EarliestInstant"/>.</summary>
    public static void ValidateInstant(string field, DateTimeOffset at, DateTimeOffset now, FieldErrors errors)
    {
        if (at > now + ClockSkewTolerance)
        {
            errors.Add(field, "Must not lie in the future.");
        }
        else if (at < EarliestInstant)
        {
            errors.Add(field, string.Create(CultureInfo.InvariantCulture,
                $"Must not be before {EarliestInstant:yyyy-MM-dd} (got {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}); an instant that old is a default or a typo, not when a lead arrived."));
        }
    }

    /// <summary>
    /// Adds the validation errors to what reading the payload already found, so one response names every bad field.
    /// A field the reader rejected was left empty, so the validator's view of it ("Is required.") is skipped; array
    /// items the reader dropped shift the indices after them, so that whole array's paths are skipped too.
    /// </summary>
    public static void ValidateAfterReading(LeadSubmission lead, DateTimeOffset now, FieldErrors errors)
    {
        var read = errors.ToDictionary();
        var semantic = new FieldErrors();
        Validate(lead, now, semantic);
        foreach (var (field, messages) in semantic.ToDictionary())
        {
            if (read.ContainsKey(field) || read.Keys.Any(r => SameArray(r, field)))
            {
                continue;
            }

            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }
    }

    private static bool SameArray(string readPath, string semanticPath)
    {
        var bracket = semanticPath.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return false;
        }

        var array = semanticPath[..bracket];
        return readPath.StartsWith(array + "[", StringComparison.Ordinal) || readPath == array;
    }

    private static void ValidateEmail(string? email, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            errors.Add("email", "Is required.");
            return;
        }

        var trimmed = email.Trim(' ');
        if (trimmed.Length > MaxEmailLength)
        {
            errors.Add("email", $"Must be at most {MaxEmailLength} characters.");
            return;
        }

        if (EmailAddresses.Canonical(trimmed, out var problem) is not { } canonical)
        {
            errors.Add("email", problem!);
        }
        else if (canonical.Length > MaxEmailLength)
        {
            errors.Add("email", $"Must be at most {MaxEmailLength} characters with its domain in ASCII (Punycode) form (got {canonical.Length}).");
        }
    }

    /// <summary>Whether <paramref name="email"/> is an address intake accepts (see <see cref="EmailAddresses"/>).</summary>
    public static bool IsEmail(string email) => EmailAddresses.Canonical(email, out _) is not null;

    /// <summary>Why <paramref name="domain"/> (as typed: with or without scheme, "www." or path) is not a company domain; null when it is one.</summary>
    public static string? DomainProblem(string domain)
    {
        if (DomainNames.ToAscii(StripUrl(domain), out var problem) is not { } ascii)
        {
            return "Must be a domain name such as example.com. " + problem;
        }

        return IsDomain(ascii) ? null : "Must be a domain name such as example.com.";
    }

    public static bool IsDomain(string domain)
    {
        if (domain.Length is 0 or > MaxDomainLength || !domain.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var label in domain.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Lower case, without scheme, path or a leading "www.", internationalised labels in Punycode
    /// (<see cref="DomainNames"/>), so "https://www.Acme.com/" matches "acme.com" and "bücher.de" matches
    /// "xn--bcher-kva.de". A domain <see cref="DomainNames"/> refuses comes back stripped and lower-cased only.
    /// </summary>
    public static string NormaliseDomain(string domain)
    {
        var stripped = StripUrl(domain);
        return DomainNames.ToAscii(stripped, out _) ?? stripped;
    }

    private static string StripUrl(string domain)
    {
        var d = domain.Trim().ToLowerInvariant();
        var scheme = d.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            d = d[(scheme + 3)..];
        }

        var slash = d.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            d = d[..slash];
        }

        if (d.StartsWith("www.", StringComparison.Ordinal))
        {
            d = d[4..];
        }

        return d.TrimEnd('.');
    }

    private static void ValidateText(string field, string? value, int max, FieldErrors errors)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > max)
        {
            errors.Add(field, $"Must be at most {max} characters (got {value.Length}).");
        }
        else if (TextRules.SingleLineProblem(value) is { } problem)
        {
            errors.Add(field, problem);
        }
    }

    private static string Shorten(string value) => TextRules.Shorten(value);
}
