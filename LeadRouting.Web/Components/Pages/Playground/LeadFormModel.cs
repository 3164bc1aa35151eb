using LeadRouting.Web.Leads;

namespace LeadRouting.Web.Components.Pages.Playground;

/// <summary>
/// The playground's editable lead: every field of the API contract as the form holds it (times as wall-clock text
/// in the playground's time zone, the tech stack as a comma list). <see cref="ToSubmission"/> turns it into what the
/// API would have read, so the playground and <c>POST /api/routing/preview</c> route the same thing.
/// </summary>
public sealed class LeadFormModel : LeadContactFields
{
    public string? ExternalId { get; set; }
    public string? Email { get; set; }

    /// <summary>ISO 3166-1 alpha-2; empty when unknown.</summary>
    public string Country { get; set; } = "";

    /// <summary>Comma-separated, e.g. "HubSpot, Snowflake".</summary>
    public string? TechStack { get; set; }

    public SignalType Source { get; set; } = SignalType.DemoRequest;
    public List<SignalRow> Signals { get; } = [];
    public decimal? EstimatedDealSize { get; set; }
    public Referral Referral { get; set; } = Referral.None;

    /// <summary>Wall-clock text of a <c>datetime-local</c> input; empty means "when routed".</summary>
    public string? ReceivedAt { get; set; }

    public IReadOnlyList<string> TechStackItems =>
        string.IsNullOrWhiteSpace(TechStack)
            ? []
            : [.. TechStack.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The submission this form describes; times that do not parse are reported in <paramref name="errors"/>.</summary>
    public LeadSubmission ToSubmission(TimeZoneInfo zone, FieldErrors errors)
    {
        var receivedAt = string.IsNullOrWhiteSpace(ReceivedAt) ? null : LocalTime.Read(ReceivedAt, zone, LeadFields.ReceivedAt.Name, errors);
        var signals = new List<Signal>(Signals.Count);
        for (var i = 0; i < Signals.Count; i++)
        {
            if (LocalTime.Read(Signals[i].At, zone, FieldNames.SignalAt(i), errors) is { } at)
            {
                signals.Add(new Signal(Signals[i].Type, at));
            }
        }

        return new LeadSubmission
        {
            ExternalId = ExternalId,
            Email = Email,
            FirstName = FirstName,
            LastName = LastName,
            Title = Title,
            Company = Company,
            CompanyDomain = CompanyDomain,
            Employees = Employees,
            Industry = Industry,
            Country = string.IsNullOrWhiteSpace(Country) ? null : Country,
            TechStack = TechStackItems,
            Source = Source,
            Signals = signals,
            EstimatedDealSize = EstimatedDealSize,
            Referral = Referral,
            ReceivedAt = receivedAt,
        };
    }
}

/// <summary>One activity signal row of the form.</summary>
public sealed class SignalRow
{
    public SignalType Type { get; set; } = SignalType.PricingPageVisit;

    /// <summary>Wall-clock text of a <c>datetime-local</c> input.</summary>
    public string? At { get; set; }
}
