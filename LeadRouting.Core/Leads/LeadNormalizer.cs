using LeadRouting.Core.Configuration;

namespace LeadRouting.Core.Leads;

/// <summary>
/// Turns a validated submission into a <see cref="Lead"/> (DESIGN.md §1): trims text and brings it to Unicode NFC,
/// puts the email in its canonical form (<see cref="EmailAddresses"/>: lower case, domain in ASCII), takes the
/// company domain from the email unless it is a free-mail address, and counts the source as a signal.
/// </summary>
public sealed class LeadNormalizer(IntakePolicy policy)
{
    private readonly HashSet<string> _freeMail = new(policy.FreeMailDomains.Select(d => d.Trim().ToLowerInvariant()), StringComparer.Ordinal);

    public bool IsFreeMail(string domain) => _freeMail.Contains(domain);

    /// <summary>Normalises a submission that passed <see cref="LeadValidator"/>.</summary>
    public Lead Normalize(LeadSubmission submission, DateTimeOffset now)
    {
        var email = EmailAddresses.Canonical(submission.Email!, out _)
            ?? throw new ArgumentException("A validated submission has a valid email.", nameof(submission));
        var emailDomain = email[(email.LastIndexOf('@') + 1)..];
        string? domain = null;
        var fromEmail = false;
        if (!string.IsNullOrWhiteSpace(submission.CompanyDomain))
        {
            domain = LeadValidator.NormaliseDomain(submission.CompanyDomain);
        }
        else if (!_freeMail.Contains(emailDomain))
        {
            domain = emailDomain;
            fromEmail = true;
        }

        var receivedAt = submission.ReceivedAt ?? now;
        var source = submission.Source ?? throw new ArgumentException("A validated submission has a source.", nameof(submission));
        var signals = submission.Signals
            .Append(new Signal(source, receivedAt))
            .OrderBy(s => s.At)
            .ToList();

        return new Lead
        {
            ExternalId = Clean(submission.ExternalId),
            Email = email,
            FirstName = Clean(submission.FirstName),
            LastName = Clean(submission.LastName),
            Title = Clean(submission.Title),
            Company = Clean(submission.Company),
            CompanyDomain = domain,
            DomainFromEmail = fromEmail,
            Employees = submission.Employees,
            Industry = Clean(submission.Industry),
            Country = Clean(submission.Country)?.ToUpperInvariant(),
            TechStack = [.. submission.TechStack.Select(Clean).OfType<string>()],
            Source = source,
            Signals = signals,
            EstimatedDealSize = submission.EstimatedDealSize,
            Referral = submission.Referral,
            ReceivedAt = receivedAt,
        };
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : TextRules.Nfc(value.Trim());
}
