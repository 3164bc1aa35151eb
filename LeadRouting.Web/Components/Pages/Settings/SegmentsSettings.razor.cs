using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/segments</c> (Ops): the segments in evaluation order, paged and searchable because there may be
/// thousands; arrows move one a place (saved to the draft at once, priorities renumbered 10, 20, 30…), the form edits
/// criteria and position. The last catch-all cannot be deleted or given criteria: every lead needs a team.
/// </summary>
public sealed partial class SegmentsSettings
{
    private SettingsDraftShell? _shell;
    private SegmentForm? _form;
    private FieldErrors _errors = new();
    private string? _search;
    private string? _listMessage;
    private bool _busy;
    private RoutingConfiguration? _rowsFor;
    private IReadOnlyList<SegmentRow> _rows = [];

    /// <summary>The forms' messages and change summaries in the person's language.</summary>
    [Inject]
    public required IStringLocalizer<FormText> Messages { get; init; }

    /// <summary>The rows for the shown document, computed once per document rather than on every render.</summary>
    private IReadOnlyList<SegmentRow> Rows(RoutingConfiguration config)
    {
        if (!ReferenceEquals(config, _rowsFor))
        {
            var catchAllSeen = false;
            var rows = new List<SegmentRow>(config.Organisation.Segments.Count);
            foreach (var (segment, index) in SegmentList.Ordered(config).Select((s, i) => (s, i)))
            {
                rows.Add(new SegmentRow(segment, index + 1, catchAllSeen, Searchable(config, segment)));
                catchAllSeen |= segment.IsCatchAll;
            }

            _rows = rows;
            _rowsFor = config;
        }

        return _rows;
    }

    private IEnumerable<SegmentRow> Visible(RoutingConfiguration config) =>
        string.IsNullOrWhiteSpace(_search)
            ? Rows(config)
            : Rows(config).Where(r => r.SearchText.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string Searchable(RoutingConfiguration config, Segment segment) =>
        string.Join(' ', [segment.Name, segment.Id.Value, TeamName(config, segment.Team), .. segment.Countries, .. segment.Regions, .. segment.Industries]);

    private static string TeamName(RoutingConfiguration config, TeamId id) =>
        config.Organisation.Teams.FirstOrDefault(t => t.Id == id)?.Name ?? id.Value;

    private static string RegionName(RoutingConfiguration config, string? code) =>
        config.Organisation.Regions.FirstOrDefault(r => r.Code == code)?.Name ?? code ?? "";

    /// <summary>"Regions DACH · 1,000+ employees · Sources Demo request": what a lead needs to fall into the segment.</summary>
    private string Criteria(Segment segment)
    {
        if (segment.IsCatchAll)
        {
            return T["Every lead (catch-all)"];
        }

        var parts = new List<string>();
        if (segment.Regions.Count > 0)
        {
            parts.Add(T["Regions {0}", SettingsFields.JoinList(segment.Regions)]);
        }

        if (segment.Countries.Count > 0)
        {
            parts.Add(T["Countries {0}", SettingsFields.JoinList(segment.Countries)]);
        }

        parts.Add((segment.MinEmployees, segment.MaxEmployees) switch
        {
            (null, null) => "",
            ({ } min, null) => T["{0}+ employees", Format.Number(min)],
            (null, { } max) => T["up to {0} employees", Format.Number(max)],
            ({ } min, { } max) => T["{0}–{1} employees", Format.Number(min), Format.Number(max)],
        });
        if (segment.Industries.Count > 0)
        {
            parts.Add(T["Industries {0}", SettingsFields.JoinList(segment.Industries)]);
        }

        if (segment.Sources.Count > 0)
        {
            parts.Add(T["Sources {0}", SettingsFields.JoinList(segment.Sources.Select(s => Words.Of(s)))]);
        }

        return string.Join(" · ", parts.Where(p => p.Length > 0));
    }

    private void New() => Open(SegmentForm.New(_shell!.Configuration));

    private void Edit(SegmentRow row) => Open(SegmentForm.From(row.Segment, row.Position));

    private void Open(SegmentForm form)
    {
        _form = form;
        _errors = new FieldErrors();
        _listMessage = null;
    }

    private void Close() => _form = null;

    private async Task SaveAsync() => _errors = await _shell!.SaveFormAsync(_form!, Close);

    private async Task MoveAsync(Segment segment, int delta)
    {
        var config = _shell!.Configuration;
        if (SegmentList.Move(config, segment.Id, delta) is not { } moved)
        {
            return;
        }

        _busy = true;
        _listMessage = null;
        var position = Rows(config).First(r => r.Segment.Id == segment.Id).Position + delta;
        await _shell.SaveAsync(moved, text => SegmentList.Moved(text, segment.Id, delta, position));
        _busy = false;
    }

    private async Task DeleteAsync(Segment segment)
    {
        var (edited, refusal) = SegmentList.Delete(_shell!.Configuration, segment.Id, Messages);
        _listMessage = refusal;
        if (edited is null)
        {
            return;
        }

        _busy = true;
        if (await _shell.SaveAsync(edited, text => SegmentList.Deleted(text, segment.Id)) && _form?.Id == segment.Id.Value)
        {
            _form = null;
        }

        _busy = false;
    }

    /// <summary>A segment in the list: its place in the order and whether a catch-all above makes it unreachable.</summary>
    private sealed record SegmentRow(Segment Segment, int Position, bool Unreachable, string SearchText);
}
