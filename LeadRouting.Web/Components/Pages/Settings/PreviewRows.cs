using LeadRouting.Web.Localization;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>One line of the side-by-side preview: the same fact under the draft and under the live version.</summary>
public sealed record PreviewRow(string Key, string Label, string Draft, string Published)
{
    public bool Differs => !string.Equals(Draft, Published, StringComparison.Ordinal);
}

/// <summary>The preview's facts in the reader's language, the respond-by time on the reader's clock.</summary>
public sealed class PreviewRows(IStringLocalizer<PreviewRows> text, IStringLocalizer<OpsWords> words, PersonFormat format)
{
    public IReadOnlyList<PreviewRow> Of(RoutingDecision draft, RoutingDecision published)
    {
        PreviewRow Row(string key, string label, Func<RoutingDecision, string> fact) => new(key, label, fact(draft), fact(published));

        return
        [
            Row("status", text["Outcome"], d => words.Of(d.Status)),
            Row("action", text["Treatment"], d => words.Of(d.Action)),
            Row("fit", text["Fit"], d => $"{words.Of(d.Fit)} ({format.Number(d.FitScore)})"),
            Row("tier", text["Deal tier"], d => words.Of(d.Tier)),
            Row("segment", text["Segment"], d => d.Segment ?? "—"),
            Row("team", text["Team"], d => d.Team ?? "—"),
            Row("owner", text["Owner"], d => d.OwnerName ?? "—"),
            Row("sla", text["SLA policy"], d => d.SlaPolicy ?? "—"),
            Row("respond-by", text["Respond by"], d => d.RespondBy is { } due ? format.DateTime(due) : "—"),
        ];
    }
}
