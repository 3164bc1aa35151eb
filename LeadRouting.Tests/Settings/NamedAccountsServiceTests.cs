using System.Text;
using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Settings;

/// <summary>Named accounts: edits and CSV imports by Ops only, validated, all-or-nothing imports, applied to the next lead.</summary>
public sealed class NamedAccountsServiceTests : IDisposable
{
    private static readonly SignedInUser Ops = new("u-ops", "Nora Klein", "nora.klein@leadrouting.demo", [LeadRoutingRoles.Ops], null);
    private static readonly SignedInUser Manager = new("u-mgr", "Katrin Vogel", "katrin.vogel@leadrouting.demo", [LeadRoutingRoles.Manager], null);
    private static readonly SignedInUser Rep = new("u-rep", "Clara Fischer", "dach-mid-1@leadrouting.demo", [LeadRoutingRoles.Rep], "dach-mid-1");

    private readonly LeadRoutingApiFactory _app = new();
    private readonly NamedAccountsService _accounts;

    public NamedAccountsServiceTests() => _accounts = _app.Services.GetRequiredService<NamedAccountsService>();

    public void Dispose() => _app.Dispose();

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<LeadRoutingDbContext> DbAsync() =>
        await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task An_imported_account_takes_the_next_lead_of_its_domain_to_its_owner()
    {
        var result = await _accounts.ImportAsync(Ops, Csv("domain,name,owner,namedAccount,customer\nWoodgrove.DE,Woodgrove Bank,dach-sr-1,true,false\nadatum.com,\"A. Datum, Inc.\",,false,yes\n"), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(2, result.Imported);
        await using (var db = await DbAsync())
        {
            var woodgrove = await db.Accounts.SingleAsync(a => a.Domain == "woodgrove.de");
            Assert.Equal(("Woodgrove Bank", "dach-sr-1", true, false), (woodgrove.Name, woodgrove.OwnerId, woodgrove.IsNamedAccount, woodgrove.IsCustomer));
            var adatum = await db.Accounts.SingleAsync(a => a.Domain == "adatum.com");
            Assert.Equal(("A. Datum, Inc.", (string?)null, false, true), (adatum.Name, adatum.OwnerId, adatum.IsNamedAccount, adatum.IsCustomer));
            Assert.Equal("2 accounts imported from CSV: 2 created, 0 updated, 0 owner changed, 0 unchanged.", (await db.AuditEvents.SingleAsync(e => e.Type == "AccountsImported")).Detail);
        }

        var ingested = await _app.Services.GetRequiredService<LeadIngestionService>().IngestAsync(
            new LeadSubmission { Email = "cfo@woodgrove.de", Company = "Woodgrove", Employees = 20, Country = "DE", Source = SignalType.NewsletterSignup },
            "test",
            CancellationToken.None);
        Assert.Equal("dach-sr-1", ingested.Stored!.Lead.OwnerId);
    }

    [Fact]
    public async Task A_file_with_any_bad_row_imports_nothing_and_names_every_bad_line()
    {
        await using var before = await DbAsync();
        var count = await before.Accounts.CountAsync();
        var csv = "domain,name,owner\n" +
                  "good.com,Good Co,dach-mid-1\n" +
                  "not a domain,Bad Co,\n" +
                  "other.com,,nobody-1\n" +
                  "good.com,Twice,\n";

        var result = await _accounts.ImportAsync(Ops, Csv(csv), CancellationToken.None);

        Assert.Equal(0, result.Imported);
        Assert.Contains(result.Problems, p => p.StartsWith("Line 3: domain", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.StartsWith("Line 4:", StringComparison.Ordinal) && p.Contains("name: Required.", StringComparison.Ordinal));
        Assert.Contains("Owner 'nobody-1' is not a rep of the published configuration. Line 4.", result.Problems);
        Assert.Contains(result.Problems, p => p.StartsWith("Line 5: domain: 'good.com' is already on line 2.", StringComparison.Ordinal));
        await using var after = await DbAsync();
        Assert.Equal(count, await after.Accounts.CountAsync());
    }

    [Theory]
    [InlineData("name,owner\nX,\n", "the column domain (or Website) is missing")]
    [InlineData("domain,name,Website\nx.com,X,y.com\n", "column 'Website' is the domain column again ('domain' is already read as it)")]
    [InlineData("", "The file is empty")]
    public async Task A_bad_header_is_explained(string csv, string expected)
    {
        var result = await _accounts.ImportAsync(Ops, Csv(csv), CancellationToken.None);

        Assert.Equal(0, result.Imported);
        Assert.Contains(result.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Semicolon_separated_files_from_European_spreadsheets_are_read()
    {
        var result = await _accounts.ImportAsync(Ops, Csv("domain;name;customer\nsemi.de;Semi GmbH;ja\n"), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(1, result.Imported);
        await using var db = await DbAsync();
        Assert.True((await db.Accounts.SingleAsync(a => a.Domain == "semi.de")).IsCustomer);
    }

    [Fact]
    public async Task Only_Ops_may_change_accounts()
    {
        foreach (var user in new SignedInUser?[] { Rep, Manager, null })
        {
            Assert.NotEmpty((await _accounts.ImportAsync(user, Csv("domain,name\nx.com,X\n"), CancellationToken.None)).Problems);
            Assert.False((await _accounts.SaveAsync(user, new AccountRow("x.com", "X", null, true, false), CancellationToken.None)).Succeeded);
            Assert.False((await _accounts.DeleteAsync(user, "contoso.de", CancellationToken.None)).Succeeded);
        }

        await using var db = await DbAsync();
        Assert.False(await db.Accounts.AnyAsync(a => a.Domain == "x.com"));
        Assert.True(await db.Accounts.AnyAsync(a => a.Domain == "contoso.de"));
    }

    [Fact]
    public async Task A_single_edit_is_validated_per_field_then_saved_and_audited()
    {
        var bad = await _accounts.SaveAsync(Ops, new AccountRow("contoso", " ", "ghost", true, false), CancellationToken.None);
        Assert.Equal(["domain", "name", "owner"], bad.Errors.Keys.Order(StringComparer.Ordinal));

        var saved = await _accounts.SaveAsync(Ops, new AccountRow("contoso.de", "Contoso GmbH", "dach-sr-1", true, true), CancellationToken.None);
        Assert.True(saved.Succeeded);
        var page = await _accounts.PageAsync("contoso", 0, 25, CancellationToken.None);
        Assert.Equal(new AccountRow("contoso.de", "Contoso GmbH", "dach-sr-1", true, true), Assert.Single(page.Items));
        await using var db = await DbAsync();
        Assert.Equal("contoso.de: owner dach-sr-1, named account, customer.", (await db.AuditEvents.SingleAsync(e => e.Type == "AccountChanged")).Detail);
    }
}
