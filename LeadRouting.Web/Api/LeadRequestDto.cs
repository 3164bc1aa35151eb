using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LeadRouting.Core.Leads;

namespace LeadRouting.Web.Api;

/// <summary>
/// The lead fields of the public API, for the OpenAPI document only: requests are read by
/// <see cref="LeadJsonReader"/>, which names every bad field instead of failing on the first.
/// </summary>
public sealed record LeadRequestDto
{
    [Description("Your system's id of the lead; makes ingestion idempotent.")]
    public string? ExternalId { get; init; }

    [Required]
    public required string Email { get; init; }

    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Title { get; init; }
    public string? Company { get; init; }

    [Description("Defaults to the email's domain unless that is a free-mail domain.")]
    public string? CompanyDomain { get; init; }

    public int? Employees { get; init; }
    public string? Industry { get; init; }

    [Description("ISO 3166-1 alpha-2, e.g. DE.")]
    public string? Country { get; init; }

    public IReadOnlyList<string>? TechStack { get; init; }

    [Required]
    [Description("The signal that created the lead.")]
    public required SignalType Source { get; init; }

    public IReadOnlyList<SignalDto>? Signals { get; init; }

    [Description("Estimated deal size in EUR.")]
    public decimal? EstimatedDealSize { get; init; }

    public Referral? Referral { get; init; }

    [Description("ISO 8601 instant; defaults to the time of the request. Without an offset it is taken as UTC.")]
    public DateTimeOffset? ReceivedAt { get; init; }
}

public sealed record SignalDto([property: Required] SignalType Type, [property: Required] DateTimeOffset At);
