using System.Globalization;
using System.Net.Mail;

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

    public static void Validate(LeadSubmission lead, DateTimeOffset now, FieldErrors errors)
    {
        ValidateEmail(lead.Email, errors);
        ValidateLength("externalId", lead.ExternalId, MaxExternalIdLength, errors);
        ValidateLength("firstName", lead.FirstName, MaxTextLength, errors);
        ValidateLength("lastName", lead.LastName, MaxTextLength, errors);
        ValidateLength("title", lead.Title, MaxTextLength, errors);
        ValidateLength("company", lead.Company, MaxTextLength, errors);
        ValidateLength("industry", lead.Industry, MaxTextLength, errors);

        if (lead.CompanyDomain is { } domain && !string.IsNullOrWhiteSpace(domain) && !IsDomain(NormaliseDomain(domain)))
        {
            errors.Add("companyDomain", "Must be a domain name such as example.com.");
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
            errors.Add("country", $"'{Shorten(country)}' is not an ISO 3166-1 alpha-2 country code (e.g. DE, US).");
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
                ValidateLength($"techStack[{i}]", item, MaxTextLength, errors);
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
            if (lead.Signals[i].At > now + ClockSkewTolerance)
            {
                errors.Add($"signals[{i}].at", "Must not lie in the future.");
            }
        }

        if (lead.EstimatedDealSize is < 0)
        {
            errors.Add("estimatedDealSize", "Must not be negative.");
        }
        else if (lead.EstimatedDealSize > MaxDealSize)
        {
            errors.Add("estimatedDealSize", "Is implausibly large.");
        }

        if (lead.ReceivedAt > now + ClockSkewTolerance)
        {
            errors.Add("receivedAt", "Must not lie in the future.");
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

        var trimmed = email.Trim();
        if (trimmed.Length > MaxEmailLength)
        {
            errors.Add("email", $"Must be at most {MaxEmailLength} characters.");
            return;
        }

        if (!IsEmail(trimmed))
        {
            errors.Add("email", $"'{Shorten(trimmed)}' is not a valid email address.");
        }
    }

    public static bool IsEmail(string email)
    {
        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1 || email.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        if (!MailAddress.TryCreate(email, out var parsed) || !string.Equals(parsed.Address, email, StringComparison.Ordinal))
        {
            return false;
        }

        return IsDomain(email[(at + 1)..].ToLowerInvariant());
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

    /// <summary>Lower case, without scheme, path or a leading "www.", so "https://www.Acme.com/" matches "acme.com".</summary>
    public static string NormaliseDomain(string domain)
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

    private static void ValidateLength(string field, string? value, int max, FieldErrors errors)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(field, $"Must be at most {max} characters (got {value.Length}).");
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
