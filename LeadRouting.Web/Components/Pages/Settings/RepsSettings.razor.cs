using LeadRouting.Web.Booking;
using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Leads;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/reps</c> (Ops): add and edit reps in the draft; reps are deactivated rather than deleted, so the leads
/// they own keep a name. Availability is live state and is set here directly (<see cref="RepAvailabilityService"/>).
/// </summary>
public sealed partial class RepsSettings : OpsSettingsComponent
{
    private SettingsDraftShell? _shell;
    private RepForm? _form;
    private FieldErrors _errors = new();
    private string _teamFilter = "";
    private string? _search;
    private IReadOnlyDictionary<string, RepStatus> _statuses = new Dictionary<string, RepStatus>();
    private Availability _availability;
    private DateTime? _backOn;
    private string? _availabilityError;
    private IReadOnlyList<string> _importProblems = [];
    private IReadOnlyDictionary<string, CalendarFeedStatus> _feeds = new Dictionary<string, CalendarFeedStatus>();
    private string? _feedUrl;
    private string? _feedError;

    [Inject]
    public required RepCalendarFeeds Feeds { get; init; }

    [Inject]
    public required RepAvailabilityService AvailabilityStore { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _statuses = await AvailabilityStore.ListAsync(CancellationToken.None);
        _feeds = await Feeds.StatusesAsync(CancellationToken.None);
    }

    private IEnumerable<Rep> Visible(RoutingConfiguration config) =>
        config.Organisation.Reps
            .Where(r => _teamFilter.Length == 0 || r.Team.Value == _teamFilter)
            .Where(r => string.IsNullOrWhiteSpace(_search) ||
                        r.Name.Contains(_search, StringComparison.OrdinalIgnoreCase) ||
                        r.Id.Value.Contains(_search, StringComparison.OrdinalIgnoreCase));

    private RepStatus Status(Rep rep) => _statuses.GetValueOrDefault(rep.Id.Value) ?? RepStatus.Default;

    private static string TeamName(RoutingConfiguration config, TeamId id) =>
        config.Organisation.Teams.FirstOrDefault(t => t.Id == id)?.Name ?? id.Value;

    private static string RepName(RoutingConfiguration config, RepId id) =>
        config.Organisation.Reps.FirstOrDefault(r => r.Id == id)?.Name ?? id.Value;

    private string AvailabilityText(RepStatus status) => status.Availability switch
    {
        Availability.OutOfOffice when status.OutOfOfficeUntil is { } until => T["Out of office until {0}", Format.Day(until)],
        var other => Words.Of(other),
    };

    private void New() => Open(RepForm.New(_teamFilter.Length == 0 ? null : _teamFilter), RepStatus.Default);

    private void Edit(Rep rep) => Open(RepForm.From(rep), Status(rep));

    private void Open(RepForm form, RepStatus status)
    {
        _form = form;
        _errors = new FieldErrors();
        _availability = status.Availability;
        _backOn = status.OutOfOfficeUntil?.UtcDateTime.Date;
        _availabilityError = null;
        (_feedUrl, _feedError) = (null, null);
    }

    private void Close() => _form = null;

    private async Task SaveAsync() => _errors = await _shell!.SaveFormAsync(_form!, Close);

    /// <summary>Reads an uploaded reps CSV into the draft (<see cref="RepsCsv"/>): all rows or none, then the usual preview and publish.</summary>
    private async Task ImportAsync(InputFileChangeEventArgs upload)
    {
        _importProblems = [];
        if (upload.File.Size > RepsCsv.MaxBytes)
        {
            _importProblems = [T["The file is {0} KB; at most {1} KB.", Format.Number(upload.File.Size / 1024), Format.Number(RepsCsv.MaxBytes / 1024)]];
            return;
        }

        // The reader needs a seekable stream (it looks at the header twice); 1 MB fits in memory.
        using var copy = new MemoryStream();
        await using (var stream = upload.File.OpenReadStream(RepsCsv.MaxBytes))
        {
            await stream.CopyToAsync(copy);
        }

        copy.Position = 0;
        await using var text = await CsvCharset.ReadAsync(copy, null, CancellationToken.None);
        if (text.Problem is { } charsetProblem)
        {
            _importProblems = [$"{charsetProblem.Title} {charsetProblem.Reason} {T["Save the file as UTF-8."]}"];
            return;
        }

        var import = await RepsCsv.ReadAsync(text.Utf8!, _shell!.Configuration, _shell.Messages, CancellationToken.None);
        if (import.Edited is null)
        {
            _importProblems = import.Problems;
            return;
        }

        await _shell.SaveAsync(import.Edited, _ => import.Summary); // counts in English: the import's words are not translated yet
    }

    private async Task SetAvailabilityAsync()
    {
        var until = _backOn is { } date ? new DateTimeOffset(DateTime.SpecifyKind(date.Date, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        var result = await AvailabilityStore.SetAsync(await CurrentUser.GetAsync(), _form!.Id!, _availability, until, CancellationToken.None);
        _availabilityError = result.Error;
        if (result.Succeeded)
        {
            _statuses = await AvailabilityStore.ListAsync(CancellationToken.None);
        }
    }

    /// <summary>Saves (or removes) the rep's calendar feed address at once; the field is emptied: the address is not shown again.</summary>
    private async Task SaveFeedAsync(bool remove)
    {
        var problem = await Feeds.SetAsync(await CurrentUser.GetAsync(), _form!.Id!, remove ? null : _feedUrl ?? "", CancellationToken.None);
        _feedError = problem is { } p ? ProblemText(p) : null;
        if (problem is null)
        {
            _feedUrl = null;
            _feeds = await Feeds.StatusesAsync(CancellationToken.None);
        }
    }

    private string ProblemText(CalendarFeedProblem problem) => problem switch
    {
        CalendarFeedProblem.NotAllowed => T["Only Ops may set a rep's calendar feed."],
        CalendarFeedProblem.Required => T["Enter the feed's address."],
        CalendarFeedProblem.TooLong => T["The address is too long (at most {0} characters).", RepCalendarFeeds.MaxUrlLength],
        CalendarFeedProblem.NotHttps => T["The address must start with https:// (the secret address would travel readable)."],
        _ => T["Enter a complete address starting with https://."],
    };

    private string FeedState(CalendarFeedStatus feed) =>
        feed.LastError is { } error && feed.ErrorAt is { } at ? T["last fetch failed {0}: {1}", Format.DateTime(at), error]
        : feed.FetchedAt is { } fetched ? T["fetched {0}", Format.DateTime(fetched)]
        : T["not fetched yet"];
}
