using System.Text;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Settings;

/// <summary>
/// Issue 19 part 1: an account's domain aliases are stored, validated (a domain, not free mail, not its own domain, no
/// other account's domain or alias — naming that account), edited by Ops, imported from CSV all or nothing, and read by
/// everything that builds an <see cref="AccountRecord"/> (the matcher index, the replay's start state).
/// </summary>
public sealed class AccountDomainAliasTests : IDisposable
{
    private static readonly SignedInUser Ops = new("u-ops", "Nora Klein", "nora.klein@leadrouting.demo", [LeadRoutingRoles.Ops], null);
    private static readonly SignedInUser Manager = new("u-mgr", "Katrin Vogel", "katrin.vogel@leadrouting.demo", [LeadRoutingRoles.Manager], null);

    private readonly LeadRoutingApiFactory _app = new();
    private readonly NamedAccountsService _accounts;

    public AccountDomainAliasTests() => _accounts = _app.Services.GetRequiredService<NamedAccountsService>();

    public void Dispose() => _app.Dispose();

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    private static AccountRow Siemens(params string[] aliases) =>
        new("siemens.com", "Siemens AG", "dach-sr-1", true, false) { DomainAliases = aliases };

    private async Task<LeadRoutingDbContext> DbAsync() =>
        await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();

    private async Task<List<string>> StoredAliasesAsync(string domain)
    {
        await using var db = await DbAsync();
        return await db.AccountDomainAliases.Where(x => x.AccountDomain == domain).OrderBy(x => x.Alias).Select(x => x.Alias).ToListAsync();
    }

    [Fact]
    public async Task Aliases_are_stored_canonical_from_domains_websites_and_IDNs_and_the_change_is_audited()
    {
        var saved = await _accounts.SaveAsync(Ops, Siemens("https://www.Siemens-Healthineers.com/de/", "siemens.de", "siemens.de", "bücher-siemens.de"), CancellationToken.None);

        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.SelectMany(e => e.Value)));
        Assert.Equal(["siemens-healthineers.com", "siemens.de", "xn--bcher-siemens-wob.de"], await StoredAliasesAsync("siemens.com"));
        var page = await _accounts.PageAsync("healthineers", 0, 25, CancellationToken.None);
        Assert.Equal(["siemens-healthineers.com", "siemens.de", "xn--bcher-siemens-wob.de"], Assert.Single(page.Items).DomainAliases);

        var changed = await _accounts.SaveAsync(Ops, Siemens("siemens.de", "siemens.co.uk"), CancellationToken.None);

        Assert.True(changed.Succeeded);
        Assert.Equal(["siemens.co.uk", "siemens.de"], await StoredAliasesAsync("siemens.com"));
        await using var db = await DbAsync();
        var audits = await db.AuditEvents.Where(e => e.Type == "AccountChanged").OrderBy(e => e.Id).Select(e => e.Detail).ToListAsync();
        Assert.Equal(
            [
                "siemens.com: owner dach-sr-1, named account; domain aliases siemens-healthineers.com, siemens.de, xn--bcher-siemens-wob.de.",
                "siemens.com: owner dach-sr-1, named account; domain aliases: + siemens.co.uk, − siemens-healthineers.com, − xn--bcher-siemens-wob.de.",
            ],
            audits);
    }

    [Theory]
    [InlineData("gmail.com", "'gmail.com' is a free-mail domain")]
    [InlineData("www.siemens.com", "'siemens.com' is the account's own domain.")]
    [InlineData("co.uk", "'co.uk' is a public suffix")]
    [InlineData("not a domain", "'not a domain' is not a website or domain")]
    public async Task A_bad_alias_is_refused_naming_it_under_the_alias_field(string alias, string expected)
    {
        var result = await _accounts.SaveAsync(Ops, Siemens("siemens.de", alias), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal([NamedAccountsService.AliasField], result.Errors.Keys);
        Assert.Contains(result.Errors[NamedAccountsService.AliasField], m => m.StartsWith(expected, StringComparison.Ordinal));
        Assert.Empty(await StoredAliasesAsync("siemens.com"));
    }

    [Fact]
    public async Task An_alias_another_account_has_as_alias_or_domain_is_refused_naming_that_account()
    {
        Assert.True((await _accounts.SaveAsync(Ops, Siemens("siemens-healthineers.com"), CancellationToken.None)).Succeeded);
        Assert.True((await _accounts.SaveAsync(Ops, new AccountRow("siemens-energy.com", "Siemens Energy AG", "dach-sr-1", true, false), CancellationToken.None)).Succeeded);

        var takenAlias = await _accounts.SaveAsync(Ops, new AccountRow("healthineers.de", "Healthineers GmbH", null, true, false) { DomainAliases = ["siemens-healthineers.com"] }, CancellationToken.None);
        var takenDomain = await _accounts.SaveAsync(Ops, Siemens("siemens-healthineers.com", "siemens-energy.com"), CancellationToken.None);
        var domainIsAlias = await _accounts.SaveAsync(Ops, new AccountRow("siemens-healthineers.com", "Siemens Healthineers AG", null, true, false), CancellationToken.None);

        Assert.Equal(["'siemens-healthineers.com' is already a domain alias of account 'Siemens AG' (siemens.com)."], takenAlias.Errors[NamedAccountsService.AliasField]);
        Assert.Equal(["'siemens-energy.com' is the domain of account 'Siemens Energy AG' (siemens-energy.com)."], takenDomain.Errors[NamedAccountsService.AliasField]);
        Assert.Equal(["'siemens-healthineers.com' is a domain alias of account 'Siemens AG' (siemens.com); remove it there first."], domainIsAlias.Errors["domain"]);
        Assert.Equal(["siemens-healthineers.com"], await StoredAliasesAsync("siemens.com"));
        await using var db = await DbAsync();
        Assert.False(await db.Accounts.AnyAsync(a => a.Domain == "healthineers.de" || a.Domain == "siemens-healthineers.com"));
    }

    [Fact]
    public async Task Only_Ops_may_set_aliases_and_deleting_an_account_deletes_its_aliases()
    {
        Assert.False((await _accounts.SaveAsync(Manager, Siemens("siemens.de"), CancellationToken.None)).Succeeded);
        Assert.Empty(await StoredAliasesAsync("siemens.com"));

        Assert.True((await _accounts.SaveAsync(Ops, Siemens("siemens.de"), CancellationToken.None)).Succeeded);
        Assert.True((await _accounts.DeleteAsync(Ops, "siemens.com", CancellationToken.None)).Succeeded);

        await using var db = await DbAsync();
        Assert.False(await db.AccountDomainAliases.AnyAsync());
        Assert.Equal("siemens.com deleted, with its domain aliases siemens.de.", (await db.AuditEvents.SingleAsync(e => e.Type == "AccountDeleted")).Detail);
        // Free again: another account may take it.
        Assert.True((await _accounts.SaveAsync(Ops, new AccountRow("siemens.de", "Siemens Deutschland", null, true, false), CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task A_CSV_aliases_column_is_read_with_its_separators_and_the_diff_reports_alias_changes()
    {
        var first = await _accounts.ImportAsync(Ops, Csv(
            "domain,name,owner,Weitere Domains\n" +
            "siemens.com,Siemens AG,dach-sr-1,\"siemens.de; https://www.siemens-healthineers.com/|siemens.at  siemens.ch\"\n" +
            "contoso-global.com,Contoso,,\n"), CancellationToken.None);

        Assert.Empty(first.Problems);
        Assert.Equal(["siemens-healthineers.com", "siemens.at", "siemens.ch", "siemens.de"], await StoredAliasesAsync("siemens.com"));
        Assert.Equal(["siemens-healthineers.com", "siemens.at", "siemens.ch", "siemens.de"], first.Diff!.Created.Single(a => a.Domain == "siemens.com").DomainAliases);

        // An alias moves from one account to another in one file; a file without the column keeps the stored aliases.
        var second = await _accounts.ImportAsync(Ops, Csv(
            "domain,name,owner,aliases\n" +
            "siemens.com,Siemens AG,dach-sr-1,siemens.de siemens.at siemens.ch\n" +
            "contoso-global.com,Contoso,,siemens-healthineers.com\n"), CancellationToken.None);
        var third = await _accounts.ImportAsync(Ops, Csv("domain,name\nsiemens.com,Siemens AG\n"), CancellationToken.None);

        Assert.Empty(second.Problems);
        Assert.Equal(
            [("siemens.com", "", "siemens-healthineers.com"), ("contoso-global.com", "siemens-healthineers.com", "")],
            second.Diff!.AliasesChanged.Select(c => (c.Domain, string.Join(",", c.Added), string.Join(",", c.Removed))));
        Assert.Equal(["siemens.at", "siemens.ch", "siemens.de"], await StoredAliasesAsync("siemens.com"));
        Assert.Equal(["siemens-healthineers.com"], await StoredAliasesAsync("contoso-global.com"));
        Assert.Empty(third.Problems);
        Assert.Equal(1, third.Diff!.Unchanged);
        Assert.Equal(["siemens.at", "siemens.ch", "siemens.de"], await StoredAliasesAsync("siemens.com"));
        await using var db = await DbAsync();
        Assert.EndsWith("0 created, 2 updated, 0 owner changed, 0 unchanged; domain aliases changed on 2 accounts.",
            (await db.AuditEvents.Where(e => e.Type == "AccountsImported").OrderBy(e => e.Id).Skip(1).FirstAsync()).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CSV_with_a_bad_or_taken_alias_imports_nothing_and_names_the_line_and_field()
    {
        Assert.True((await _accounts.SaveAsync(Ops, new AccountRow("siemens-energy.com", "Siemens Energy AG", null, true, false) { DomainAliases = ["energy-siemens.de"] }, CancellationToken.None)).Succeeded);

        var result = await _accounts.ImportAsync(Ops, Csv(
            "domain,name,aliases\n" +
            "siemens.com,Siemens AG,siemens.de\n" +
            "bayer.de,Bayer AG,gmail.com\n" +
            "basf.de,BASF SE,energy-siemens.de\n" +
            "henkel.de,Henkel AG,siemens.de\n" +
            "sap.com,SAP SE,siemens-energy.com\n"), CancellationToken.None);

        Assert.Equal(0, result.Imported);
        Assert.Equal(4, result.Rejected);
        Assert.Contains(result.Problems, p => p.StartsWith("Line 3: domainAliases: 'gmail.com' is a free-mail domain", StringComparison.Ordinal));
        Assert.Contains("Line 4: domainAliases: 'energy-siemens.de' is already a domain alias of account 'Siemens Energy AG' (siemens-energy.com).", result.Problems);
        Assert.Contains("Line 5: domainAliases: 'siemens.de' is also given as an alias of account 'Siemens AG' (siemens.com).", result.Problems);
        Assert.Contains("Line 6: domainAliases: 'siemens-energy.com' is the domain of account 'Siemens Energy AG' (siemens-energy.com).", result.Problems);
        await using var db = await DbAsync();
        Assert.False(await db.Accounts.AnyAsync(a => a.Domain == "siemens.com" || a.Domain == "bayer.de"));
        Assert.Equal(["energy-siemens.de"], await db.AccountDomainAliases.Select(x => x.Alias).ToListAsync());
    }

    [Fact]
    public async Task A_partial_import_stores_the_rows_whose_aliases_are_free_and_rejects_the_others()
    {
        var result = await _accounts.ImportAsync(Ops, Csv("domain,name,aliases\nsiemens.com,Siemens AG,siemens.de\nbayer.de,Bayer AG,siemens.com\n"), null,
            new AccountImportOptions { Atomic = false }, CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(1, result.Imported);
        Assert.Equal(["Line 3: domainAliases: 'siemens.com' is the domain of account 'Siemens AG' (siemens.com)."], result.RowErrors);
        Assert.Equal(["siemens.de"], await StoredAliasesAsync("siemens.com"));
    }

    [Fact]
    public async Task The_record_projection_the_matcher_index_and_the_replay_read_carries_the_aliases()
    {
        Assert.True((await _accounts.SaveAsync(Ops, Siemens("siemens.de", "siemens-healthineers.com"), CancellationToken.None)).Succeeded);

        // The replay's start state reads accounts exactly so (ReplayService.LoadStartStateAsync).
        await using var db = await DbAsync();
        var records = await db.Accounts.AsNoTracking().OrderBy(a => a.Domain).Select(AccountEntity.AsRecord).ToListAsync();
        Assert.Equal(["siemens-healthineers.com", "siemens.de"], records.Single(r => r.Domain == "siemens.com").DomainAliases);
        Assert.All(records.Where(r => r.Domain != "siemens.com"), r => Assert.Empty(r.DomainAliases));

        var index = _app.Services.GetRequiredService<AccountMatcherIndex>();
        await Eventually.HoldsAsync(() => index.Current().FindByDomain("siemens-healthineers.com")?.Domain == "siemens.com", "the index finds the account by its alias");
    }

    [Fact]
    public async Task A_lead_from_an_alias_saved_after_the_index_was_built_goes_to_the_owner_once_the_index_is_rebuilt()
    {
        var ingestion = _app.Services.GetRequiredService<LeadIngestionService>();
        var index = _app.Services.GetRequiredService<AccountMatcherIndex>();
        Assert.Null(index.Current().FindByDomain("siemens-healthineers.com"));

        Assert.True((await _accounts.SaveAsync(Ops, Siemens("siemens-healthineers.com"), CancellationToken.None)).Succeeded);
        await Eventually.HoldsAsync(() => index.Current().FindByDomain("siemens-healthineers.com") is not null, "the saved alias reaches the index");

        var ingested = await ingestion.IngestAsync(
            new LeadSubmission { Email = "anna@siemens-healthineers.com", Company = "Healthineers", Employees = 20, Country = "DE", Source = SignalType.NewsletterSignup },
            "test",
            CancellationToken.None);
        Assert.Equal("dach-sr-1", ingested.Stored!.Lead.OwnerId);
    }
}
