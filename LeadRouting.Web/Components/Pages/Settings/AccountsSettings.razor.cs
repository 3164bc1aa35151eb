using System.Text.RegularExpressions;
using LeadRouting.Core.Import;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/accounts</c> (Ops): named accounts and customers, paged on the server, edited one at a time or
/// imported from CSV (<see cref="NamedAccountsService"/>, which checks the role itself). The preview box routes a
/// sample lead, so Ops can see an account's owner take its leads.
/// </summary>
public sealed partial class AccountsSettings : OpsSettingsComponent
{
    private MudTable<AccountRow>? _table;
    private AccountForm _form = new();
    private bool _editing;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private string? _message;
    private string? _search;
    private bool _importing;
    private AccountImportResult? _import;

    /// <summary>The charset Ops say the file is in; empty lets the import take UTF-8 or detect the charset.</summary>
    private string _charset = "";

    /// <summary>All or nothing (the default) or partial, and the numbers' locale: the options of the account import's API.</summary>
    private bool _atomic = true;
    private string _locale = "";
    private IReadOnlyList<RepChoice> _reps = [];
    private ConfigurationDraft? _document;

    [Inject]
    public required NamedAccountsService Accounts { get; init; }

    [Inject]
    public required ConfigurationStore Configurations { get; init; }

    [Inject]
    public required IStringLocalizer<AccountsSettings> T { get; init; }

    [Inject]
    public required PersonFormat Format { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var published = await Configurations.CurrentAsync(CancellationToken.None);
        _reps = [.. published.Engine.Organisation.Reps
            .OrderBy(r => r.Rep.Name, StringComparer.CurrentCulture)
            .Select(r => new RepChoice(r.Id.Value, $"{r.Rep.Name} · {RepLevels.Describe(r.Rep.Level)}"))];
        _document = await Drafts.LoadAsync(CancellationToken.None);
    }

    private async Task<TableData<AccountRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Accounts.PageAsync(_search, state.Page * state.PageSize, state.PageSize, cancellationToken);
        return new TableData<AccountRow> { Items = page.Items, TotalItems = page.Total };
    }

    private Task SearchAsync(string? search)
    {
        _search = search;
        return _table!.ReloadServerData();
    }

    private string OwnerName(string? ownerId) =>
        ownerId is null ? "—" : _reps.FirstOrDefault(r => r.Id == ownerId)?.Label ?? T["{0} (not a published rep)", ownerId];

    private string Kind(AccountRow account) =>
        (account.IsNamedAccount, account.IsCustomer) switch
        {
            (true, true) => T["Named account, customer"],
            (true, false) => T["Named account"],
            (false, true) => T["Customer"],
            _ => T["Known company"],
        };

    /// <summary>"Manufacturing · 300,000 employees · DE · part of Siemens Group", or empty when the CRM gave none.</summary>
    private string Firmographics(AccountRow account) => string.Join(" · ", new[]
    {
        account.Industry,
        account.Employees is { } employees ? T["{0} employees", Format.Number(employees)].Value : null,
        account.Country,
        account.ParentAccount is { } parent ? T["part of {0}", parent].Value : null,
    }.Where(p => p is not null));

    /// <summary>"2 created, 1 updated, 1 owner changed, 5 unchanged" in the reader's language.</summary>
    private string DiffText(AccountImportDiff diff) =>
        T["{0} created, {1} updated, {2} owner changed, {3} unchanged", Format.Number(diff.Created.Count), Format.Number(diff.Updated.Count), Format.Number(diff.OwnerChanged.Count), Format.Number(diff.Unchanged)];

    /// <summary>
    /// A message of the accounts service in the reader's language where it is a known one; the import's many row
    /// messages stay as the service and its API write them (English), under the page's German heading (README, "Import").
    /// </summary>
    private string Say(string? english) => english switch
    {
        null => "",
        "Required." => T["Required."],
        "Must be a domain name such as example.com." => T["Must be a domain name such as example.com."],
        _ => SayDomainMessage(english),
    };

    /// <summary>The service's refusals of a domain or an alias ("'x.com' is the account's own domain."), which name the value.</summary>
    private string SayDomainMessage(string english)
    {
        if (DomainMessage().Match(english) is not { Success: true } match)
        {
            return english;
        }

        var value = match.Groups["value"].Value;
        var rest = match.Groups["rest"].Value;
        const string DomainOf = "is the domain of account ";
        const string AliasOf = "is already a domain alias of account ";
        const string AliasElsewhere = "is a domain alias of account ";
        const string RemoveThere = "; remove it there first.";
        return rest switch
        {
            "is the account's own domain." => T["'{0}' is the account's own domain.", value],
            "is a free-mail domain: every lead writing from it would go to this account." =>
                T["'{0}' is a free-mail domain: every lead writing from it would go to this account.", value],
            "is a public suffix that many companies register under, not a company's domain." =>
                T["'{0}' is a public suffix that many companies register under, not a company's domain.", value],
            _ when rest.StartsWith(DomainOf, StringComparison.Ordinal) && rest.EndsWith('.') =>
                T["'{0}' is the domain of account {1}.", value, rest[DomainOf.Length..^1]],
            _ when rest.StartsWith(AliasOf, StringComparison.Ordinal) && rest.EndsWith('.') =>
                T["'{0}' is already a domain alias of account {1}.", value, rest[AliasOf.Length..^1]],
            _ when rest.StartsWith(AliasElsewhere, StringComparison.Ordinal) && rest.EndsWith(RemoveThere, StringComparison.Ordinal) =>
                T["'{0}' is a domain alias of account {1}; remove it there first.", value, rest[AliasElsewhere.Length..^RemoveThere.Length]],
            _ => english,
        };
    }

    [GeneratedRegex("^'(?<value>[^' ]+)' (?<rest>.+)$")]
    private static partial Regex DomainMessage();

    private string? ErrorText(string field) => ErrorFor(field) is { } error ? Say(error) : null;

    /// <summary>Every alias refused, not only the first: several may be wrong at once, each named.</summary>
    private string? AliasErrorText() =>
        _errors.TryGetValue(NamedAccountsService.AliasField, out var messages) ? string.Join(" ", messages.Select(m => Say(m))) : null;

    private string? ErrorFor(string field) => _errors.TryGetValue(field, out var messages) ? messages[0] : null;

    private void Edit(AccountRow account)
    {
        _form = AccountForm.From(account);
        _editing = true;
        _errors = new Dictionary<string, string[]>();
        _message = null;
    }

    private void Reset()
    {
        _form = new AccountForm();
        _editing = false;
        _errors = new Dictionary<string, string[]>();
        _message = null;
    }

    private async Task SaveAsync()
    {
        var result = await Accounts.SaveAsync(await CurrentUser.GetAsync(), _form.ToRow(), CancellationToken.None);
        _errors = result.Errors;
        _message = result.Problems.Count > 0 ? result.Problems[0] : null;
        if (result.Succeeded)
        {
            Snackbar.Add(T["{0} saved; it applies to the next lead.", _form.Domain ?? ""], Severity.Success);
            Reset();
            await _table!.ReloadServerData();
        }
    }

    private async Task DeleteAsync(AccountRow account)
    {
        var result = await Accounts.DeleteAsync(await CurrentUser.GetAsync(), account.Domain, CancellationToken.None);
        _message = result.Succeeded ? null : result.Problems.Count > 0 ? result.Problems[0] : result.Errors.Values.SelectMany(m => m).FirstOrDefault();
        if (result.Succeeded)
        {
            Snackbar.Add(T["{0} deleted.", account.Domain], Severity.Info);
            await _table!.ReloadServerData();
        }
    }

    private async Task ImportAsync(InputFileChangeEventArgs upload)
    {
        _importing = true;
        _import = null;
        if (upload.File.Size > NamedAccountsService.MaxImportBytes)
        {
            _import = new AccountImportResult(0, [T["The file is {0} MB; at most 5 MB.", Format.Number(upload.File.Size / 1024 / 1024.0, 1)]]);
            _importing = false;
            return;
        }

        // The reader needs a seekable stream (it looks at the header twice); 5 MB fits in memory.
        using var copy = new MemoryStream();
        await using (var stream = upload.File.OpenReadStream(NamedAccountsService.MaxImportBytes))
        {
            await stream.CopyToAsync(copy);
        }

        copy.Position = 0;
        var options = new AccountImportOptions
        {
            Atomic = _atomic,
            Numbers = CsvNumberFormat.ForLocale(_locale, out _) ?? CsvNumberFormat.Invariant,
        };
        _import = await Accounts.ImportAsync(await CurrentUser.GetAsync(), copy, _charset.Length == 0 ? null : _charset, options, CancellationToken.None);
        _importing = false;
        if (_import.Problems.Count == 0)
        {
            await _table!.ReloadServerData();
        }
    }

    private sealed record RepChoice(string Id, string Label);

    /// <summary>The account form's fields.</summary>
    private sealed class AccountForm
    {
        public string? Domain { get; set; }
        public string? Name { get; set; }
        public string? OwnerId { get; set; }
        public bool IsNamedAccount { get; set; } = true;
        public bool IsCustomer { get; set; }
        public string? Industry { get; set; }
        public int? Employees { get; set; }
        public string? Country { get; set; }
        public string? ParentAccount { get; set; }

        /// <summary>The aliases as typed: separated by commas, semicolons, bars or spaces (<see cref="DomainAliasList"/>).</summary>
        public string? DomainAliases { get; set; }

        public static AccountForm From(AccountRow row) => new()
        {
            Domain = row.Domain,
            Name = row.Name,
            OwnerId = row.OwnerId,
            IsNamedAccount = row.IsNamedAccount,
            IsCustomer = row.IsCustomer,
            Industry = row.Industry,
            Employees = row.Employees,
            Country = row.Country,
            ParentAccount = row.ParentAccount,
            DomainAliases = row.DomainAliases.Count == 0 ? null : DomainAliasList.Join(row.DomainAliases),
        };

        public AccountRow ToRow() => new(Domain ?? "", Name ?? "", OwnerId, IsNamedAccount, IsCustomer)
        {
            Industry = Industry,
            Employees = Employees,
            Country = Country,
            ParentAccount = ParentAccount,
            DomainAliases = DomainAliasList.Split(DomainAliases),
        };
    }
}
