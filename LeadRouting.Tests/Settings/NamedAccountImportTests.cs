using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Settings;

/// <summary>
/// The named-account import reads CRM account exports as they come (issue 16): Salesforce, HubSpot and German headers,
/// websites, owners by id, email or name, Y/N flags, firmographics; a re-import answers a diff and warns about one name
/// on two domains; a lead of an imported company takes the firmographics it lacks.
/// </summary>
public sealed class NamedAccountImportTests : IDisposable
{
    private static readonly SignedInUser Ops = new("u-ops", "Nora Klein", "nora.klein@leadrouting.demo", [LeadRoutingRoles.Ops], null);

    /// <summary>A Salesforce "Accounts" report exported as CSV, unmodified: its own column order, extra columns, quoted values.</summary>
    private const string SalesforceExport =
        "\"Account ID\",\"Account Name\",\"Type\",\"Website\",\"Account Owner\",\"Industry\",\"Employees\",\"Billing City\",\"Billing Country\",\"Parent Account\",\"Phone\",\"Annual Revenue\"\r\n" +
        "\"0015g00000XyZ1AAA\",\"Siemens AG\",\"Customer - Direct\",\"https://www.siemens.com/global/en.html\",\"Elif Yılmaz\",\"Manufacturing\",\"300000\",\"Munich\",\"Germany\",\"Siemens Group\",\"+49 89 636 00\",\"77800000000\"\r\n" +
        "\"0015g00000XyZ2AAA\",\"Globex Corporation\",\"Prospect\",\"http://globex.com\",\"na-ad-1@leadrouting.demo\",\"Energy\",\"12000\",\"Springfield\",\"United States\",\"\",\"(555) 010-2000\",\"\"\r\n" +
        "\"0015g00000XyZ3AAA\",\"Edge Communications\",\"Customer - Channel\",\"www.edgecomm.com\",\"uki-mid-1\",\"Electronics\",\"1000\",\"Austin\",\"USA\",\"\",\"(512) 757-6000\",\"139000000\"\r\n";

    private readonly LeadRoutingApiFactory _app = new();
    private readonly NamedAccountsService _accounts;

    public NamedAccountImportTests() => _accounts = _app.Services.GetRequiredService<NamedAccountsService>();

    public void Dispose() => _app.Dispose();

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    private Task<AccountImportResult> ImportAsync(string csv) => _accounts.ImportAsync(Ops, Csv(csv), CancellationToken.None);

    private async Task<AccountEntity> AccountAsync(string domain)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.Accounts.AsNoTracking().SingleAsync(a => a.Domain == domain);
    }

    [Fact]
    public async Task An_unmodified_Salesforce_account_export_is_imported_with_owners_by_name_email_or_id_and_firmographics()
    {
        var result = await ImportAsync(SalesforceExport);

        Assert.Empty(result.Problems);
        Assert.Equal(3, result.Imported);
        Assert.Equal(["Account ID", "Type", "Billing City", "Phone", "Annual Revenue"], result.IgnoredColumns);
        var siemens = await AccountAsync("siemens.com");
        Assert.Equal(
            ("Siemens AG", "dach-sr-1", true, "Manufacturing", (int?)300_000, "DE", "Siemens Group"),
            (siemens.Name, siemens.OwnerId, siemens.IsNamedAccount, siemens.Industry, siemens.Employees, siemens.Country, siemens.ParentAccount));
        var globex = await AccountAsync("globex.com");
        Assert.Equal(("na-ad-1", "US", (string?)null), (globex.OwnerId, globex.Country, globex.ParentAccount));
        Assert.Equal(("uki-mid-1", "US"), ((await AccountAsync("edgecomm.com")).OwnerId, (await AccountAsync("edgecomm.com")).Country));
    }

    [Fact]
    public async Task A_HubSpot_export_and_a_German_export_are_mapped_with_their_yes_no_flags()
    {
        var hubSpot = await ImportAsync(
            "Record ID,Company name,Company Domain Name,Company owner,Industry,Number of Employees,Country/Region,Parent Company,Is Customer\n" +
            "1001,Northwind Traders,northwind.co.uk,Mei Chen,Retail,250,United Kingdom,,Yes\n" +
            "1002,Tailspin Toys,tailspin.io,,Consumer Goods,40,Ireland,,no\n");
        var german = await ImportAsync(
            "Firma;Webseite;Account-Inhaber;Branche;Mitarbeiter;Rechnungsland;Übergeordneter Account;Named Account;Kunde\n" +
            "Müller Maschinenbau GmbH;https://mueller-maschinen.de/;Clara Fischer;Maschinenbau;850;Deutschland;Müller Holding;J;nein\n" +
            "Alpenblick AG;alpenblick.ch;;Tourismus;120;Schweiz;;N;ja\n");

        Assert.Empty(hubSpot.Problems);
        Assert.Empty(german.Problems);
        var northwind = await AccountAsync("northwind.co.uk");
        Assert.Equal(("uki-ad-1", true, "GB", (int?)250), (northwind.OwnerId, northwind.IsCustomer, northwind.Country, northwind.Employees));
        Assert.False((await AccountAsync("tailspin.io")).IsCustomer);
        var mueller = await AccountAsync("mueller-maschinen.de");
        Assert.Equal(
            ("dach-mid-1", true, false, "Maschinenbau", "DE", "Müller Holding"),
            (mueller.OwnerId, mueller.IsNamedAccount, mueller.IsCustomer, mueller.Industry, mueller.Country, mueller.ParentAccount));
        var alpenblick = await AccountAsync("alpenblick.ch");
        Assert.Equal((false, true, "CH"), (alpenblick.IsNamedAccount, alpenblick.IsCustomer, alpenblick.Country));
    }

    [Theory]
    [InlineData("Y", true)]
    [InlineData("yes", true)]
    [InlineData("ja", true)]
    [InlineData("N", false)]
    [InlineData("No", false)]
    [InlineData("nein", false)]
    public async Task Flags_are_read_as_exports_write_them(string cell, bool expected)
    {
        var result = await ImportAsync($"domain,name,namedAccount,customer\nflag.de,Flag GmbH,{cell},{cell}\n");

        Assert.Empty(result.Problems);
        var account = await AccountAsync("flag.de");
        Assert.Equal((expected, expected), (account.IsNamedAccount, account.IsCustomer));
    }

    [Fact]
    public async Task A_flag_that_is_not_yes_or_no_is_refused_with_its_line_and_value()
    {
        var result = await ImportAsync("domain,name,customer\nflag.de,Flag GmbH,vielleicht\n");

        Assert.Equal(0, result.Imported);
        Assert.Contains(result.Problems, p => p.StartsWith("Line 2: customer: 'vielleicht' is not a yes/no value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_owner_names_are_listed_once_each_with_their_lines_and_the_valid_reps_and_nothing_is_imported()
    {
        var result = await ImportAsync(
            "Account Name,Website,Account Owner\n" +
            "A,a.com,Jane Doe\n" +
            "B,b.com,Clara Fischer\n" +
            "C,c.com,jane doe\n" +
            "D,d.com,John Roe\n" +
            "E,e.com,Jane Doe\n");

        Assert.Equal(0, result.Imported);
        Assert.Equal(
            [
                "Owner 'Jane Doe' is not a rep of the published configuration. Lines 2, 4, 6.",
                "Owner 'John Roe' is not a rep of the published configuration. Line 5.",
            ],
            result.Problems.Where(p => p.StartsWith("Owner", StringComparison.Ordinal)));
        var reps = Assert.Single(result.Problems, p => p.StartsWith("An owner is a rep's id, email or exact name.", StringComparison.Ordinal));
        Assert.Contains("Clara Fischer (dach-mid-1)", reps, StringComparison.Ordinal);
        Assert.Contains("Elif Yılmaz (dach-sr-1)", reps, StringComparison.Ordinal);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Accounts.AnyAsync(a => a.Domain == "b.com"));
    }

    [Fact]
    public async Task A_re_import_answers_what_was_created_updated_given_a_new_owner_or_left_unchanged()
    {
        await ImportAsync(SalesforceExport);
        var changed = SalesforceExport
            .Replace("\"Elif Yılmaz\"", "\"Friedrich Köhler\"", StringComparison.Ordinal)
            .Replace("\"Energy\"", "\"Utilities\"", StringComparison.Ordinal)
            + "\"0015g00000XyZ4AAA\",\"Wide World Importers\",\"Prospect\",\"wideworldimporters.com\",\"\",\"Retail\",\"50\",\"\",\"Germany\",\"\",\"\",\"\"\r\n";

        var result = await ImportAsync(changed);

        Assert.Empty(result.Problems);
        var diff = result.Diff!;
        Assert.Equal(["wideworldimporters.com"], diff.Created.Select(a => a.Domain));
        Assert.Equal([new AccountOwnerChange("siemens.com", "Siemens AG", "dach-sr-1", "dach-ad-1")], diff.OwnerChanged);
        Assert.Equal(["globex.com"], diff.Updated.Select(a => a.Domain));
        Assert.Equal(1, diff.Unchanged);
        Assert.Equal("1 created, 1 updated, 1 owner changed, 1 unchanged", diff.Describe());
        Assert.Equal(("dach-ad-1", "Utilities"), ((await AccountAsync("siemens.com")).OwnerId, (await AccountAsync("globex.com")).Industry));
    }

    [Fact]
    public async Task Uploading_the_same_file_again_changes_nothing_and_says_so()
    {
        await ImportAsync(SalesforceExport);

        var again = await ImportAsync(SalesforceExport);

        Assert.Empty(again.Problems);
        Assert.Equal((0, 3), (again.Diff!.Changed, again.Diff.Unchanged));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Type == "AccountsImported"));
    }

    [Fact]
    public async Task One_name_on_two_domains_is_warned_about_in_the_file_and_against_stored_accounts_but_imported()
    {
        var result = await ImportAsync(
            "Account Name,Website\n" +
            "Siemens AG,siemens.com\n" +
            "Siemens AG,siemens.de\n" +
            "contoso gmbh,contoso.com\n");

        Assert.Empty(result.Problems);
        Assert.Equal(3, result.Imported);
        Assert.Contains(result.Warnings, w => w.StartsWith("'Siemens AG' is the name of 2 accounts on different domains (siemens.com, siemens.de)", StringComparison.Ordinal));
        // contoso.de (Contoso GmbH) is a demo account already stored.
        Assert.Contains(result.Warnings, w => w.Contains("on different domains (contoso.com, contoso.de)", StringComparison.Ordinal));
        Assert.Equal(2, result.Warnings.Count);
    }

    [Fact]
    public async Task A_row_without_a_website_is_skipped_with_a_warning_naming_its_line()
    {
        var result = await ImportAsync("Account Name,Website\nNo Site Ltd,\nSite Ltd,site.co.uk\n");

        Assert.Empty(result.Problems);
        Assert.Equal(1, result.Imported);
        Assert.Equal(["1 row has a name but no website, so no lead could match them; skipped. Line 2."], result.Warnings);
    }

    [Fact]
    public async Task A_file_without_firmographic_columns_keeps_what_an_earlier_export_brought()
    {
        await ImportAsync(SalesforceExport);

        var result = await ImportAsync("domain,name,owner\nsiemens.com,Siemens AG,dach-sr-1\n");

        Assert.Empty(result.Problems);
        Assert.Equal(1, result.Diff!.Unchanged);
        var siemens = await AccountAsync("siemens.com");
        Assert.Equal(("Manufacturing", (int?)300_000, "DE", "Siemens Group"), (siemens.Industry, siemens.Employees, siemens.Country, siemens.ParentAccount));
    }

    [Fact]
    public async Task A_single_edit_keeps_firmographics_and_reads_a_country_name()
    {
        var saved = await _accounts.SaveAsync(Ops, new AccountRow("woodgrove.de", "Woodgrove Bank", "Clara Fischer", true, false)
        {
            Industry = "Banking",
            Employees = 4_000,
            Country = "Deutschland",
            ParentAccount = "Woodgrove Group",
        }, CancellationToken.None);
        var bad = await _accounts.SaveAsync(Ops, new AccountRow("bad.de", "Bad", null, true, false) { Country = "Atlantis", Employees = -1 }, CancellationToken.None);

        Assert.True(saved.Succeeded);
        var page = await _accounts.PageAsync("woodgrove", 0, 10, CancellationToken.None);
        Assert.Equal(
            new AccountRow("woodgrove.de", "Woodgrove Bank", "dach-mid-1", true, false) { Industry = "Banking", Employees = 4_000, Country = "DE", ParentAccount = "Woodgrove Group" },
            Assert.Single(page.Items));
        Assert.Equal(["country", "employees"], bad.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_posted_lead_of_an_imported_company_takes_its_missing_firmographics_shown_in_the_trace_and_stored()
    {
        await ImportAsync(SalesforceExport);
        using var client = _app.CreateApiClient();

        var response = await client.PostAsJsonAsync("/api/leads", new { email = "anna.schulz@siemens.com", source = "DemoRequest" });

        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var trace = body["decision"]!["trace"]!.AsArray().Select(t => $"{t!["step"]}: {t["outcome"]}").ToList();
        Assert.Contains(trace, t => t.StartsWith("Enrichment: Industry from account Siemens AG (Manufacturing)", StringComparison.Ordinal));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Email == "anna.schulz@siemens.com");
        Assert.Equal(("Manufacturing", (int?)300_000, "DE"), (lead.Industry, lead.Employees, lead.Country));
    }
}
