using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Playground;

/// <summary>A routing decision formatted for people: texts, colours and times in the viewer's time zone.</summary>
public sealed class DecisionView
{
    public required LeadStage Status { get; init; }
    public required string StatusText { get; init; }
    public required Color StatusColor { get; init; }
    public required string StatusMeaning { get; init; }

    /// <summary>The owner's name, or the queue the lead waits in.</summary>
    public required string Owner { get; init; }

    public string? OwnerId { get; init; }
    public required string LeadSummary { get; init; }
    public required string RoutedAt { get; init; }

    /// <summary>"version 3, published by nora@example.com on Mon 30 Nov 2026, 15:00": the rules that answered.</summary>
    public required string RoutedWith { get; init; }
    public required IReadOnlyList<DecisionFact> Facts { get; init; }
    public required IReadOnlyList<StoredTraceStep> Trace { get; init; }

    public static DecisionView From(PreviewResult result, TimeZoneInfo zone)
    {
        var decision = result.Decision ?? throw new ArgumentException("Only a routed preview has a decision.", nameof(result));
        var lead = result.Lead!;
        return new DecisionView
        {
            Status = decision.Status,
            StatusText = RoutingWords.Of(decision.Status.ToString()),
            StatusColor = ColorOf(decision.Status),
            StatusMeaning = MeaningOf(decision),
            Owner = decision.OwnerName ?? QueueOf(decision.Status),
            OwnerId = decision.OwnerId?.Value,
            LeadSummary = Summarise(lead),
            RoutedAt = LocalTime.Format(result.RoutedAt, zone),
            RoutedWith = result.Configuration is { } version ? Describe(version, zone) : "—",
            Facts = BuildFacts(decision, lead, zone, result.Configuration?.Currency ?? CurrencyCodes.Default),
            Trace = StoredTrace.Of(decision),
        };
    }

    /// <summary>"version 3, published by nora@example.com on Mon 30 Nov 2026, 15:00".</summary>
    public static string Describe(ConfigurationStamp version, TimeZoneInfo zone) =>
        string.Create(CultureInfo.InvariantCulture, $"version {version.Version}, published by {version.Author} on {LocalTime.Format(version.PublishedAt, zone)}");

    public static Color ColorOf(LeadStage status) => status switch
    {
        LeadStage.Assigned => Color.Success,
        LeadStage.Nurture => Color.Info,
        LeadStage.ManualReview => Color.Warning,
        LeadStage.Unassigned => Color.Error,
        LeadStage.Disqualified => Color.Dark,
        _ => Color.Default,
    };

    private static string MeaningOf(RoutingDecision decision) => decision.Status switch
    {
        LeadStage.Assigned when decision.DuplicateOf is { } existing => $"merged into open lead {existing}; the owner is kept",
        LeadStage.Assigned => "a rep owns the lead and the SLA clock runs",
        LeadStage.ManualReview => "a human decides: the region manager is notified",
        LeadStage.Unassigned => "nobody could take it: the manager is notified",
        LeadStage.Nurture => "marketing keeps warming the lead; no rep is asked",
        LeadStage.Disqualified => "the lead does not fit the ideal customer profile",
        _ => RoutingWords.Of(decision.Status.ToString()),
    };

    private static string QueueOf(LeadStage status) => status switch
    {
        LeadStage.ManualReview => "Manual review queue",
        LeadStage.Unassigned => "Unassigned queue",
        LeadStage.Nurture => "Marketing nurture",
        _ => "No owner",
    };

    private static string Summarise(Lead lead)
    {
        var parts = new List<string> { lead.DisplayName };
        var role = (lead.Title, lead.Company) switch
        {
            ({ } title, { } company) => $"{title} at {company}",
            ({ } title, null) => title,
            (null, { } company) => company,
            _ => null,
        };
        if (role is not null)
        {
            parts.Add(role);
        }

        if (!string.Equals(lead.DisplayName, lead.Email, StringComparison.Ordinal))
        {
            parts.Add(lead.Email);
        }

        return string.Join(" · ", parts);
    }

    private static List<DecisionFact> BuildFacts(RoutingDecision decision, Lead lead, TimeZoneInfo zone, string currency)
    {
        var facts = new List<DecisionFact>
        {
            new("Intent", decision.Intent.ToString()),
            new("Fit", decision.Fit.ToString(), $"score {decision.FitScore}/100"),
            new("Action", decision.Action.ToString(), RoutingWords.MeaningOf(decision.Action)),
            new("Deal tier", decision.Tier.ToString(), lead.EstimatedDealSize is { } size ? CurrencyCodes.Format(size, currency) : "estimated from company size"),
            new("Segment", decision.Segment ?? "none"),
            new("Team", decision.Team ?? "none"),
            new("Distribution", decision.Distribution.ToString()),
            new("SLA policy", decision.SlaPolicy ?? "none"),
            new("Respond by", Instant(decision.RespondBy, zone), After(decision.RespondBy, lead.ReceivedAt, "after receipt")),
            new("Escalate at", Instant(decision.EscalateAt, zone), decision.EscalateAt is null ? null : "if not accepted by then"),
        };
        if (decision.DuplicateOf is { } existing)
        {
            facts.Add(new DecisionFact("Duplicate of", existing.Value, "merged: signals appended"));
        }

        return facts;
    }

    private static string Instant(DateTimeOffset? instant, TimeZoneInfo zone) =>
        instant is { } value ? LocalTime.Format(value, zone) : "—";

    private static string? After(DateTimeOffset? instant, DateTimeOffset from, string what) =>
        instant is { } value ? $"{LocalTime.Duration(value - from)} {what}" : null;
}

/// <summary>One labelled value of the decision, with an optional explanation.</summary>
public sealed record DecisionFact(string Label, string Value, string? Detail = null);
