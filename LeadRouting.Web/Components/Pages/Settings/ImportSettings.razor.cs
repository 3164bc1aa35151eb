using LeadRouting.Core.Import;
using LeadRouting.Web.Api;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;
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

    [Inject]
    public required IStringLocalizer<ImportSettings> T { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _profiles = await Profiles.ListAsync(CancellationToken.None);
        _organisationCurrency = await LeadImportFile.OrganisationCurrencyAsync(Previews, CancellationToken.None);
    }

    /// <summary>"…; line 2: 2,448 USD → 2,252.16 EUR", the conversion's example for the dry run and the summary, in the reader's numbers.</summary>
    internal static string Describe(ImportConversion conversion, IStringLocalizer<ImportSettings> text, PersonFormat format)
    {
        var culture = format.Culture;
        var rate = conversion.Rate.ToString(culture);
        var values = text["Deal values: {0} converted from {1} into {2} at {3} (1 {1} = {3} {2})", format.Number(conversion.Values), conversion.From, conversion.To, rate];
        return conversion.First is { } first
            ? values + text["; line {0}: {1} {2} → {3} {4}.", first.Line, first.Original.ToString("#,0.##", culture), conversion.From, first.Converted.ToString("#,0.00", culture), conversion.To]
            : values + ".";
    }

    /// <summary>"1 row" / "3,000 rows" in the reader's numbers.</summary>
    private string Rows(int rows) => rows == 1 ? T["1 row"] : T["{0} rows", Format.Number(rows)];

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
            _message = T["The file is {0} MiB; a CSV import must be at most {1} MiB. Split the file.", Format.Number(file.Size / 1024 / 1024.0, 1), LeadImportApi.MaxBodyBytes / (1024 * 1024)];
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
            _message = problem is null ? null : T["Numbers and dates: {0}", ImportText.Of(problem, T)].Value;
            return null;
        }

        if (ImportCurrency.Parse(_currency, _rate, _organisationCurrency, out var field, out problem) is not { } currency)
        {
            _message = field == ImportCurrency.RateParameter ? T["Rate: {0}", ImportText.Of(problem ?? "", T)] : T["Currency: {0}", ImportText.Of(problem ?? "", T)];
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
            _message = T["The profile '{0}' no longer exists.", _profileName];
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
                _profileError = T["Rate: '{0}' is not a number; write it with '.' as the decimal point, e.g. 0.92.", _rate.Trim()];
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
            Snackbar.Add(T["Profile '{0}' saved.", profile.Name.Trim()], Severity.Success);
        }
    }

    private async Task DeleteProfileAsync()
    {
        var result = await Profiles.DeleteAsync(await CurrentUser.GetAsync(), _profileName, CancellationToken.None);
        _profileError = result.Succeeded ? null : result.Errors.Values.SelectMany(m => m).FirstOrDefault();
        if (result.Succeeded)
        {
            Snackbar.Add(T["Profile '{0}' deleted; the mapping on the page stays.", _profileName], Severity.Info);
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
            _message = T["Only Ops may import leads here."];
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
