namespace LeadRouting.Core.Leads;

/// <summary>
/// A lead as a marketing system submits it (the fields of the API contract), after JSON or CSV parsing
/// but before validation and normalisation. Enum fields are already typed; text is as received.
/// </summary>
public sealed record LeadSubmission
{
    public string? ExternalId { get; init; }
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Title { get; init; }
    public string? Company { get; init; }
    public string? CompanyDomain { get; init; }
    public int? Employees { get; init; }
    public string? Industry { get; init; }
    public string? Country { get; init; }
    public IReadOnlyList<string> TechStack { get; init; } = [];
    public SignalType? Source { get; init; }
    public IReadOnlyList<Signal> Signals { get; init; } = [];
    public decimal? EstimatedDealSize { get; init; }
    public Referral Referral { get; init; } = Referral.None;
    public DateTimeOffset? ReceivedAt { get; init; }
}

/// <summary>
/// A validated, normalised lead: lower-case email, company domain derived where the policy allows,
/// the source counted as a signal at receipt. This is what the routing policy reads.
/// </summary>
public sealed record Lead
{
    public string? ExternalId { get; init; }
    public required string Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Title { get; init; }
    public string? Company { get; init; }

    /// <summary>The company's web domain, or null when only a free-mail address is known.</summary>
    public string? CompanyDomain { get; init; }

    /// <summary>True when <see cref="CompanyDomain"/> was taken from the email address.</summary>
    public bool DomainFromEmail { get; init; }

    public int? Employees { get; init; }
    public string? Industry { get; init; }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public string? Country { get; init; }

    public IReadOnlyList<string> TechStack { get; init; } = [];
    public required SignalType Source { get; init; }

    /// <summary>All signals including the source itself at <see cref="ReceivedAt"/>, oldest first.</summary>
    public IReadOnlyList<Signal> Signals { get; init; } = [];

    public decimal? EstimatedDealSize { get; init; }
    public Referral Referral { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }

    public string DisplayName =>
        string.Join(' ', new[] { FirstName, LastName }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } name
            ? name
            : Email;
}
