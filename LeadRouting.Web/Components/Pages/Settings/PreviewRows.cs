using LeadRouting.Web.Components.Shared;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>One line of the side-by-side preview: the same fact under the draft and under the live version.</summary>
public sealed record PreviewRow(string Key, string Label, string Draft, string Published)
{
    public bool Differs => !string.Equals(Draft, Published, StringComparison.Ordinal);
}

public static class PreviewRows
{
    private static readonly (string Key, string Label, Func<RoutingDecision, string> Fact)[] Facts =
    [
        ("status", "Outcome", d => RoutingWords.Of(d.Status.ToString())),
        ("action", "Action", d => TreatmentActions.Describe(d.Action)),
        ("fit", "Fit", d => $"{d.Fit} ({d.FitScore})"),
        ("tier", "Deal tier", d => RoutingWords.Of(d.Tier.ToString())),
        ("segment", "Segment", d => d.Segment ?? "—"),
        ("team", "Team", d => d.Team ?? "—"),
        ("owner", "Owner", d => d.OwnerName ?? "—"),
        ("sla", "SLA policy", d => d.SlaPolicy ?? "—"),
        ("respond-by", "Respond by", d => d.RespondBy?.ToString("ddd d MMM HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "—"),
    ];

    public static IReadOnlyList<PreviewRow> Of(RoutingDecision draft, RoutingDecision published) =>
        [.. Facts.Select(f => new PreviewRow(f.Key, f.Label, f.Fact(draft), f.Fact(published)))];
}
