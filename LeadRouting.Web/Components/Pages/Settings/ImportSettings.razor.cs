using LeadRouting.Core.Import;
using LeadRouting.Web.Api;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/import</c> (Ops): a lead import without curl. The uploaded file is kept in a temporary file for the
/// page's lifetime and every step — preview, dry run, import — opens it through <see cref="LeadImportFile"/>, the code
/// path of <c>POST /api/leads/import</c>, with the options chosen here (profile, locale, mapping edits).
/// </summary>
public sealed partial class ImportSettings : OpsSettingsComponent, IAsyncDisposable
{
    /// <summary>How often the progress bar is redrawn while rows are imported; the screen, not the import, sets the pace.</summary>
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(150);

    private FileStream? _spool;
    private string? _fileName;
    private string _locale = "";
    private string _mode = ImportModes.Route;

    /// <summary>The currency the file's deal values are in (empty: the organisation's) and its rate into the organisation's, as the API's ?currency=&amp;rate=.</summary>
    private string _currency = "";
    private string _rate = "";
    private string _organisationCurrency = CurrencyCodes.Default;
    private string _profileName = "";
    private IReadOnlyDictionary<string, string?>? _profileChoices;

    /// <summary>The mapping changes made on this page, over the profile's and the headers' suggestions.</summary>
    private readonly Dictionary<string, string?> _choices = new(StringComparer.Ordinal);

    private IReadOnlyList<ImportProfile> _profiles = [];
    private string? _newProfileName;
    private string? _profileError;
    private LeadImportPreview? _preview;
    private LeadImportDryRun? _dryRun;
    private IReadOnlyList<RejectedField> _dryRunReasons = [];
    private string? _dryRunDownload;
    private LeadImportSummary? _summary;
    private IReadOnlyList<RejectedField> _importReasons = [];
    private string? _importDownload;
    private ImportProgress? _progress;
    private string? _message;
    private bool _busy;
    private bool _closed;

    [Inject]
    public required LeadImportService Imports { get; init; }

    [Inject]
    public required PreviewService Previews { get; init; }

    [Inject]
    public required ImportProfiles Profiles { get; init; }

    [Inject]
    public required ImportDownloads Downloads { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _profiles = await Profiles.ListAsync(CancellationToken.None);
        _organisationCurrency = await LeadImportFile.OrganisationCurrencyAsync(Previews, CancellationToken.None);
    }

    /// <summary>"Line 2: 2,448 USD → 2,252.16 EUR", the conversion's example for the dry run and the summary.</summary>
    internal static string Describe(ImportConversion conversion)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Deal values: {conversion.Values:N0} converted from {conversion.From} into {conversion.To} at {conversion.Rate} (1 {conversion.From} = {conversion.Rate} {conversion.To})");
        return conversion.First is { } first
            ? text + string.Create(CultureInfo.InvariantCulture, $"; line {first.Line}: {first.Original:#,0.##} {conversion.From} → {first.Converted:#,0.00} {conversion.To}.")
            : text + ".";
    }

    private static string Example(LeadImportPreview preview, int index) =>
        preview.FirstRows.Select(r => index < r.Cells.Count ? r.Cells[index] : "").FirstOrDefault(c => c.Length > 0) ?? "";

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        ClearResults();
        _message = null;
        _preview = null;
        if (file.Size > LeadImportApi.MaxBodyBytes)
        {
            _message = $"The file is {file.Size / 1024 / 1024.0:0.0} MiB; a CSV import must be at most {LeadImportApi.MaxBodyBytes / (1024 * 1024)} MiB. Split the file.";
            return;
        }

        _busy = true;
        try
        {
            await DisposeSpoolAsync();

            // The reader needs a seekable file it can read again for each step; a temporary file keeps memory flat.
            _spool = new FileStream(
                Path.Combine(Path.GetTempPath(), "leadrouting-import-page-" + Path.GetRandomFileName()),
                FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 64 * 1024,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await using (var upload = file.OpenReadStream(LeadImportApi.MaxBodyBytes))
            {
                await upload.CopyToAsync(_spool);
            }

            _fileName = file.Name;
            _choices.Clear();
            await ReadPreviewAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ReadPreviewAsync()
    {
        if (_spool is null || Options() is not { } options)
        {
            return;
        }

        _preview = await LeadImportPreview.ReadAsync(_spool, null, options, await TeamZoneAsync(), CancellationToken.None);
    }

    /// <summary>The options of the next step: the locale, the profile's choices and this page's edits, as the API's query and parts give them.</summary>
    private LeadImportOptions? Options()
    {
        if (CsvNumberFormat.ForLocale(_locale, out var problem) is not { } numbers)
        {
            _message = problem;
            return null;
        }

        if (ImportCurrency.Parse(_currency, _rate, _organisationCurrency, out var field, out problem) is not { } currency)
        {
            _message = $"{(field == ImportCurrency.RateParameter ? "Rate" : "Currency")}: {problem}";
            return null;
        }

        return new LeadImportOptions
        {
            Currency = currency,
            Numbers = numbers,
            Choices = _choices.Count == 0 ? null : new Dictionary<string, string?>(_choices, StringComparer.Ordinal),
            ProfileChoices = _profileChoices,
            Mode = ImportModes.Parse(_mode),
        };
    }

    private Task<TimeZoneInfo> TeamZoneAsync() => LeadImportFile.TeamZoneAsync(Previews, CancellationToken.None);

    private async Task ChangeLocaleAsync(string locale)
    {
        _locale = locale ?? "";
        ClearResults();
        await ReadPreviewAsync();
    }

    private async Task ChooseTargetAsync(string header, string? target)
    {
        var chosen = string.IsNullOrEmpty(target) ? null : target;

        // A target takes one column: the column that had it by an earlier change here gives it up.
        foreach (var other in _choices.Where(c => c.Key != header && chosen is not null && c.Value == chosen).Select(c => c.Key).ToList())
        {
            _choices.Remove(other);
        }

        _choices[header] = chosen;
        ClearResults();
        await ReadPreviewAsync();
    }

    private async Task LoadProfileAsync(string name)
    {
        _profileName = name ?? "";
        _profileError = null;
        _choices.Clear();
        ClearResults();
        if (_profileName.Length == 0)
        {
            _profileChoices = null;
        }
        else if (await Profiles.FindAsync(_profileName, CancellationToken.None) is { } profile)
        {
            _profileChoices = profile.Mapping;
            _locale = profile.Locale ?? "";
            _mode = profile.Mode;
            _currency = profile.Currency ?? "";
            _rate = profile.Rate?.ToString(CultureInfo.InvariantCulture) ?? "";
            _newProfileName = profile.Name;
        }
        else
        {
            _profileChoices = null;
            _message = $"The profile '{_profileName}' no longer exists.";
            _profileName = "";
            _profiles = await Profiles.ListAsync(CancellationToken.None);
        }

        await ReadPreviewAsync();
    }

    private async Task SaveProfileAsync()
    {
        if (_preview is not { } preview)
        {
            return;
        }

        decimal? rate = null;
        if (!string.IsNullOrWhiteSpace(_rate))
        {
            if (!decimal.TryParse(_rate.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                _profileError = $"Rate: '{_rate.Trim()}' is not a number; write it with '.' as the decimal point, e.g. 0.92.";
                return;
            }

            rate = parsed;
        }

        var profile = new ImportProfile
        {
            Name = _newProfileName ?? "", Mapping = preview.Mapping, Locale = _locale, Mode = _mode, Currency = _currency, Rate = rate,
        };
        var result = await Profiles.SaveAsync(await CurrentUser.GetAsync(), profile, CancellationToken.None);
        _profileError = result.Succeeded ? null : result.Errors.Values.SelectMany(m => m).FirstOrDefault();
        if (result.Succeeded)
        {
            _profiles = await Profiles.ListAsync(CancellationToken.None);
            _profileName = _profiles.FirstOrDefault(p => string.Equals(p.Name, profile.Name.Trim(), StringComparison.OrdinalIgnoreCase))?.Name ?? "";
            _profileChoices = profile.Mapping;
            _choices.Clear();
            Snackbar.Add($"Profile '{profile.Name.Trim()}' saved.", Severity.Success);
        }
    }

    private async Task DeleteProfileAsync()
    {
        var result = await Profiles.DeleteAsync(await CurrentUser.GetAsync(), _profileName, CancellationToken.None);
        _profileError = result.Succeeded ? null : result.Errors.Values.SelectMany(m => m).FirstOrDefault();
        if (result.Succeeded)
        {
            Snackbar.Add($"Profile '{_profileName}' deleted; the mapping on the page stays.", Severity.Info);
            _profiles = await Profiles.ListAsync(CancellationToken.None);
            _profileName = "";
        }
    }

    private async Task DryRunAsync()
    {
        await RunAsync(dryRun: true);
    }

    private async Task ImportAsync()
    {
        await RunAsync(dryRun: false);
    }

    private async Task RunAsync(bool dryRun)
    {
        if (_spool is null || Options() is not { } options)
        {
            return;
        }

        var user = await CurrentUser.GetAsync();
        if (!ImportProfiles.MayEdit(user))
        {
            // The page's policy let the person in; this re-checks on the server for the action itself.
            _message = "Only Ops may import leads here.";
            return;
        }

        ClearResults();
        _busy = true;
        try
        {
            await using var file = await LeadImportFile.OpenAsync(_spool, null, options, await TeamZoneAsync(), CancellationToken.None);
            if (file.Problem is not null || file.Reader is not { } reader)
            {
                _preview = _preview is null ? null : _preview with { Problem = file.Problem };
                return;
            }

            _progress = new ImportProgress(file.Rows, dryRun, () => InvokeAsync(StateHasChanged), ProgressEvery);
            StateHasChanged();

            var actor = LeadImportFile.Actor(user!.Email);
            if (dryRun)
            {
                _dryRun = await Imports.DryRunAsync(reader, actor, CancellationToken.None);
                _dryRunReasons = RejectedRowsCsv.Reasons(_dryRun);
                _dryRunDownload = await RejectedDownloadAsync(file, user.UserId, _dryRunReasons, "rejected-rows-dry-run.csv");
                _progress!.Finish(_dryRun.Rows);
            }
            else
            {
                _summary = await Imports.ImportAsync(reader, actor, CancellationToken.None, _progress);
                _importReasons = RejectedRowsCsv.Reasons(_summary);
                _importDownload = await RejectedDownloadAsync(file, user.UserId, _importReasons, "rejected-rows.csv");
                _progress!.Finish(_summary.Rows);
            }
        }
        finally
        {
            _busy = false;
            if (_closed)
            {
                await DisposeSpoolAsync();
            }
        }
    }

    private async Task<string?> RejectedDownloadAsync(LeadImportFile file, string userId, IReadOnlyList<RejectedField> reasons, string fileName)
    {
        if (reasons.Count == 0 || file.Reader is not { } reader)
        {
            return null;
        }

        var lines = reasons.Select(r => r.Line).ToHashSet();
        var rows = await file.RawRowsAsync(lines.Contains, lines.Count, CancellationToken.None);
        return Downloads.Add(userId, fileName, RejectedRowsCsv.Write(reader.Headers, reasons, rows));
    }

    /// <summary>The currency or the rate changed: a null from a cleared field is an empty option, and earlier results no longer hold.</summary>
    private async Task OptionsChanged()
    {
        _currency ??= "";
        _rate ??= "";
        ClearResults();

        // A file chosen while the options were wrong has no preview yet: now that they may be right, read it.
        if (_preview is null && _spool is not null)
        {
            await ReadPreviewAsync();
        }
    }

    private void ClearResults()
    {
        _dryRun = null;
        _summary = null;
        _dryRunReasons = [];
        _importReasons = [];
        _dryRunDownload = null;
        _importDownload = null;
        _progress = null;
        _message = null;
    }

    private async Task DisposeSpoolAsync()
    {
        if (_spool is not null)
        {
            await _spool.DisposeAsync();
            _spool = null;
        }
    }

    /// <summary>The page closed: the file goes, unless an import still reads it (it finishes, and removes the file then).</summary>
    public async ValueTask DisposeAsync()
    {
        _closed = true;
        if (!_busy)
        {
            await DisposeSpoolAsync();
        }
    }
}
