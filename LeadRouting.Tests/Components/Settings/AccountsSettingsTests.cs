using System.Security.Claims;
using Bunit;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components.Settings;

/// <summary><c>/settings/accounts</c>: server-paged list, add with field messages, CSV upload through the file input.</summary>
public sealed class AccountsSettingsTests : SettingsPageTestContext
{
    private readonly NamedAccountsService _accounts;

    public AccountsSettingsTests(LeadRoutingApiFactory app)
        : base(app)
    {
        _accounts = app.Services.GetRequiredService<NamedAccountsService>();
        Services.AddSingleton(_accounts);
        Services.AddSingleton(Store);
    }

    private IRenderedComponent<AccountsSettings> Open()
    {
        var cut = RenderPage<AccountsSettings>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=accounts] tbody tr")));
        return cut;
    }

    private static string Row(IRenderedComponent<AccountsSettings> cut, string domain) =>
        cut.FindAll("[data-testid=accounts] tbody tr").Single(r => r.TextContent.Contains(domain, StringComparison.Ordinal)).TextContent;

    [Fact]
    public void Lists_the_accounts_with_their_owners()
    {
        var cut = Open();

        Assert.Contains("Contoso GmbH", Row(cut, "contoso.de"), StringComparison.Ordinal);
        Assert.Contains("Account Director", Row(cut, "contoso.de"), StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=preview-box]"));
    }

    [Fact]
    public void A_bad_account_shows_field_messages_and_a_good_one_joins_the_list()
    {
        var cut = Open();
        cut.Find("[data-testid=account-domain] input, input[data-testid=account-domain]").Change("not a domain");
        cut.Find("[data-testid=account-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Must be a domain name such as example.com.", cut.Find("[data-testid=account-form]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Required.", cut.Find("[data-testid=account-form]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=account-domain] input, input[data-testid=account-domain]").Change("tailwind.example.com");
        cut.Find("[data-testid=account-name] input, input[data-testid=account-name]").Change("Tailwind <b>Traders</b> 株式会社");
        cut.Find("[data-testid=account-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Tailwind <b>Traders</b> 株式会社", Row(cut, "tailwind.example.com"), StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=accounts] b"));
    }

    [Fact]
    public void An_uploaded_csv_is_imported_or_every_bad_line_is_listed()
    {
        var cut = Open();
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("domain,name\nbad domain,X\n", "accounts.csv"));
        cut.WaitForAssertion(() => Assert.Contains("Nothing was imported.", cut.Find("[data-testid=import-result]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Line 2: domain", cut.Find("[data-testid=import-result]").TextContent, StringComparison.Ordinal);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("domain,name,owner\nuploaded.example.org,Uploaded Ltd,uki-mid-1\n", "accounts.csv"));

        cut.WaitForAssertion(() => Assert.Equal("1 account imported: 1 created, 0 updated, 0 owner changed, 0 unchanged.", cut.Find("[data-testid=import-result]").TextContent.Trim()));
        cut.WaitForAssertion(() => Assert.Contains("Uploaded Ltd", Row(cut, "uploaded.example.org"), StringComparison.Ordinal));
    }

    [Fact]
    public void A_re_imported_Salesforce_export_shows_its_diff_warnings_and_ignored_columns_on_the_page()
    {
        var cut = Open();
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "Account ID,Account Name,Website,Account Owner,Industry,Billing Country\n001,Exported Ltd,https://www.sf-export.example.org/,Jack Thompson,Retail,UK\n", "accounts.csv"));
        cut.WaitForAssertion(() => Assert.Contains("1 created", cut.Find("[data-testid=import-result]").TextContent, StringComparison.Ordinal));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "Account ID,Account Name,Website,Account Owner,Industry,Billing Country\n" +
            "001,Exported Ltd,https://www.sf-export.example.org/,Kate Williams,Retail,UK\n" +
            "002,Exported Ltd,sf-export.example.net,,Retail,UK\n", "accounts.csv"));

        cut.WaitForAssertion(() => Assert.Contains("2 accounts imported: 1 created, 0 updated, 1 owner changed, 0 unchanged.", cut.Find("[data-testid=import-result]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Exported Ltd (sf-export.example.org): Jack Thompson", cut.Find("[data-testid=import-owner-changed]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Kate Williams", cut.Find("[data-testid=import-owner-changed]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Exported Ltd (sf-export.example.net)", cut.Find("[data-testid=import-created]").TextContent, StringComparison.Ordinal);
        Assert.Contains("'Exported Ltd' is the name of 2 accounts on different domains", cut.Find("[data-testid=import-warnings]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Columns not read: Account ID.", cut.Find("[data-testid=import-ignored]").TextContent.Trim());
        cut.WaitForAssertion(() => Assert.Contains("Retail · GB", Row(cut, "sf-export.example.org"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Switched_to_partial_with_the_German_locale_the_page_imports_the_good_rows_reads_1_000_employees_and_lists_the_bad_row()
    {
        var cut = Open();
        var locale = cut.FindComponents<MudBlazor.MudSelect<string>>().Single(s => s.Instance.Label == "Numbers");
        await cut.InvokeAsync(() => locale.Instance.ValueChanged.InvokeAsync("de-DE"));
        var atomic = cut.FindComponents<MudBlazor.MudSwitch<bool>>().Single(s => s.Instance.Label == "All or nothing");
        await cut.InvokeAsync(() => atomic.Instance.ValueChanged.InvokeAsync(false));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "Accountname;Webseite;Mitarbeiter\nPartial GmbH;partial.example.de;1.000\nKaputt KG;kein web;5\n", "accounts.csv"));

        cut.WaitForAssertion(() => Assert.Contains("1 account imported: 1 created", cut.Find("[data-testid=import-result]").TextContent, StringComparison.Ordinal));
        Assert.Contains("1 row was rejected", cut.Find("[data-testid=import-rejected]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Line 3: domain", cut.Find("[data-testid=import-rejected]").TextContent, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Contains("1,000 employees", Row(cut, "partial.example.de"), StringComparison.Ordinal));
    }

    [Fact]
    public void A_German_reader_sees_the_list_the_form_and_an_import_in_German()
    {
        using var german = CultureScope.Of("de-DE");
        var cut = Open();

        Assert.Equal("Named Accounts", cut.Find("h1").TextContent.Trim());
        Assert.Equal(["Domain", "Unternehmen", "Verantwortlicher", "Art", ""], cut.FindAll("[data-testid=accounts] thead th").Select(th => th.TextContent.Trim()));
        Assert.Contains("Named Account", Row(cut, "contoso.de"), StringComparison.Ordinal);

        cut.Find("[data-testid=account-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Pflichtfeld.", cut.Find("[data-testid=account-form]").TextContent, StringComparison.Ordinal));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("domain,name,employees\ngerman.example.de,Deutsch GmbH,12000\n", "accounts.csv"));

        cut.WaitForAssertion(() => Assert.Equal("1 Account importiert: 1 angelegt, 0 aktualisiert, 0 mit neuem Verantwortlichen, 0 unverändert.", cut.Find("[data-testid=import-result]").TextContent.Trim()));
        Assert.Contains("Angelegt", cut.Find("[data-testid=import-created]").TextContent, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Contains("12.000 Mitarbeitende", Row(cut, "german.example.de"), StringComparison.Ordinal));
    }

    [Fact]
    public void Aliases_typed_in_the_form_are_saved_and_shown_under_the_domain_and_a_taken_or_free_mail_one_is_named_in_German()
    {
        using var german = CultureScope.Of("de-DE");
        var cut = Open();
        cut.Find("[data-testid=account-domain] input, input[data-testid=account-domain]").Change("alias-form.example.de");
        cut.Find("[data-testid=account-name] input, input[data-testid=account-name]").Change("Alias Form GmbH");
        cut.Find("[data-testid=account-aliases] textarea, textarea[data-testid=account-aliases], [data-testid=account-aliases] input, input[data-testid=account-aliases]").Change("alias-form.example.com; https://www.alias-form.example.at/");
        cut.Find("[data-testid=account-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("auch alias-form.example.at, alias-form.example.com", Row(cut, "alias-form.example.de"), StringComparison.Ordinal));

        cut.Find("[data-testid=account-domain] input, input[data-testid=account-domain]").Change("other-form.example.de");
        cut.Find("[data-testid=account-name] input, input[data-testid=account-name]").Change("Other Form GmbH");
        cut.Find("[data-testid=account-aliases] textarea, textarea[data-testid=account-aliases], [data-testid=account-aliases] input, input[data-testid=account-aliases]").Change("gmail.com, alias-form.example.com");
        cut.Find("[data-testid=account-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("„gmail.com“ ist eine Freemail-Domain", cut.Find("[data-testid=account-form]").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid=account-aliases] textarea, textarea[data-testid=account-aliases], [data-testid=account-aliases] input, input[data-testid=account-aliases]").Change("alias-form.example.com");
        cut.Find("[data-testid=account-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains(
            "„alias-form.example.com“ ist bereits eine weitere Domain des Accounts 'Alias Form GmbH' (alias-form.example.de).",
            cut.Find("[data-testid=account-form]").TextContent,
            StringComparison.Ordinal));
        Assert.DoesNotContain(cut.FindAll("[data-testid=accounts] tbody tr"), r => r.TextContent.Contains("other-form.example.de", StringComparison.Ordinal));
    }
}
