using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Routing;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Playground;

/// <summary>A routing decision formatted for people: texts in their language, colours, and times in the playground's zone.</summary>
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

    public static DecisionView From(PreviewResult result, TimeZoneInfo zone) => From(result, zone, DecisionText.Default);

    public static DecisionView From(PreviewResult result, TimeZoneInfo zone, DecisionText words)
    {
        var decision = result.Decision ?? throw new ArgumentException("Only a routed preview has a decision.", nameof(result));
        var lead = result.Lead!;
        var format = words.FormatIn(zone);
        return new DecisionView
        {
            Status = decision.Status,
            StatusText = RoutingWords.Say(decision.Status, format.Culture),
            StatusColor = ColorOf(decision.Status),
            StatusMeaning = MeaningOf(decision, words.Text, format.Culture),
            Owner = decision.OwnerName ?? QueueOf(decision.Status, words.Text),
            OwnerId = decision.OwnerId?.Value,
            LeadSummary = Summarise(lead, words.Text),
            RoutedAt = LocalTime.Format(result.RoutedAt, format),
            RoutedWith = result.Configuration is { } version ? Describe(version, format, words.Text) : "—",
            Facts = BuildFacts(decision, lead, format, words, result.Configuration?.Currency ?? CurrencyCodes.Default),
            Trace = StoredTrace.Of(decision),
        };
    }

    /// <summary>"version 3, published by nora@example.com on Mon 30 Nov 2026, 15:00".</summary>
    public static string Describe(ConfigurationStamp version, PersonFormat format, IStringLocalizer<DecisionView> text) =>
        text["version {0}, published by {1} on {2}", version.Version, version.Author, LocalTime.Format(version.PublishedAt, format)];

    public static Color ColorOf(LeadStage status) => status switch
    {
        LeadStage.Assigned => Color.Success,
        LeadStage.Nurture => Color.Info,
        LeadStage.ManualReview => Color.Warning,
        LeadStage.Unassigned => Color.Error,
        LeadStage.Disqualified => Color.Dark,
        _ => Color.Default,
    };

    private static string MeaningOf(RoutingDecision decision, IStringLocalizer<DecisionView> text, CultureInfo culture) => decision.Status switch
    {
        LeadStage.Assigned when decision.DuplicateOf is { } existing => text["merged into open lead {0}; the owner is kept", existing.Value],
        LeadStage.Assigned => text["a rep owns the lead and the SLA clock runs"],
        LeadStage.ManualReview => text["a human decides: the region manager is notified"],
        LeadStage.Unassigned => text["nobody could take it: the manager is notified"],
        LeadStage.Nurture => text["marketing keeps warming the lead; no rep is asked"],
        LeadStage.Disqualified => text["the lead does not fit the ideal customer profile"],
        _ => RoutingWords.Say(decision.Status, culture),
    };

    private static string QueueOf(LeadStage status, IStringLocalizer<DecisionView> text) => status switch
    {
        LeadStage.ManualReview => text["Manual review queue"],
        LeadStage.Unassigned => text["Unassigned queue"],
        LeadStage.Nurture => text["Marketing nurture"],
        _ => text["No owner"],
    };

    private static string Summarise(Lead lead, IStringLocalizer<DecisionView> text)
    {
        var parts = new List<string> { lead.DisplayName };
        var role = (lead.Title, lead.Company) switch
        {
            ({ } title, { } company) => text["{0} at {1}", title, company].Value,
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

    private static List<DecisionFact> BuildFacts(RoutingDecision decision, Lead lead, PersonFormat format, DecisionText words, string currency)
    {
        var text = words.Text;
        var none = text["none"].Value;
        var facts = new List<DecisionFact>
        {
            new("Intent", text["Intent"], words.Ops.Of(decision.Intent)),
            new("Fit", text["Fit"], words.Ops.Of(decision.Fit), text["score {0}/100", decision.FitScore]),
            new("Action", text["Action"], words.Ops.Of(decision.Action), words.Ops.MeaningOf(decision.Action)),
            new("Deal tier", text["Deal tier"], words.Ops.Of(decision.Tier), lead.EstimatedDealSize is { } size ? format.Money(size, currency) : text["estimated from company size"]),
            new("Segment", text["Segment"], decision.Segment ?? none),
            new("Team", text["Team"], decision.Team ?? none),
            new("Distribution", text["Distribution"], RoutingWords.Say(decision.Distribution, format.Culture)),
            new("SLA policy", text["SLA policy"], decision.SlaPolicy ?? none),
            new("Respond by", text["Respond by"], Instant(decision.RespondBy, format),
                decision.RespondBy is { } respondBy ? text["{0} after receipt", format.Duration(respondBy - lead.ReceivedAt)].Value : null),
            new("Escalate at", text["Escalate at"], Instant(decision.EscalateAt, format), decision.EscalateAt is null ? null : text["if not accepted by then"].Value),
        };
        if (decision.DuplicateOf is { } existing)
        {
            facts.Add(new DecisionFact("Duplicate of", text["Duplicate of"], existing.Value, text["merged: signals appended"]));
        }

        return facts;
    }

    private static string Instant(DateTimeOffset? instant, PersonFormat format) =>
        instant is { } value ? LocalTime.Format(value, format) : "—";
}

/// <summary>One labelled value of the decision, with an optional explanation; <see cref="Key"/> is the English label, the same in every language.</summary>
public sealed record DecisionFact(string Key, string Label, string Value, string? Detail = null);

/// <summary>
/// What a decision is said with: the playground's words, the routing's words (<see cref="OpsWords"/>) and a
/// <see cref="PersonFormat"/> for the playground's zone in the reader's culture (the playground may route in another
/// zone than the person's own, e.g. a preset's "Friday 17:55 Berlin").
/// </summary>
public sealed class DecisionText(IStringLocalizer<DecisionView> text, IStringLocalizer<OpsWords> ops, IStringLocalizer<SharedText> shared, TimeProvider time, CultureInfo? culture = null)
{
    /// <summary>Without the app's services (a view-model test): the same resource files, read in the current UI culture.</summary>
    public static DecisionText Default { get; } = Create();

    public IStringLocalizer<DecisionView> Text { get; } = text;

    public IStringLocalizer<OpsWords> Ops { get; } = ops;

    /// <summary>A field's English message (the lead's validation, the playground's own) in the reader's language, where it is known.</summary>
    public string Message(string english) => english switch
    {
        "Enter a date and time." => Text["Enter a date and time."],
        "Is required." => Text["Is required."],
        "Must not be empty." => Text["Must not be empty."],
        "Must not be negative." => Text["Must not be negative."],
        "Is implausibly large." => Text["Is implausibly large."],
        "Must not lie in the future." => Text["Must not lie in the future."],
        "Must be a domain name such as example.com." => Text["Must be a domain name such as example.com."],
        _ => english,
    };

    /// <summary>Times in <paramref name="zone"/>, in the page's culture (the layout's <see cref="PersonFormat"/>'s), else the current one.</summary>
    public PersonFormat FormatIn(TimeZoneInfo zone)
    {
        var format = new PersonFormat(time, shared);
        format.Use(zone, culture ?? CultureInfo.CurrentCulture);
        return format;
    }

    private static DecisionText Create()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        return new DecisionText(
            new StringLocalizer<DecisionView>(factory), new StringLocalizer<OpsWords>(factory), new StringLocalizer<SharedText>(factory), TimeProvider.System);
    }
}
