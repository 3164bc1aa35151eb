using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components;

/// <summary><c>/settings/api-keys</c> over the running app's key store: create (shown once), validate, revoke.</summary>
public sealed class ApiKeysPageTests : ComponentTestContext, IClassFixture<LeadRoutingApiFactory>
{
    private readonly ApiKeyService _keys;

    public ApiKeysPageTests(LeadRoutingApiFactory app)
    {
        _keys = app.Services.GetRequiredService<ApiKeyService>();
        Services.AddSingleton(_keys);
        Services.AddSingleton(app.Services.GetRequiredService<ConfigurationDrafts>());
        Services.AddScoped<ICurrentUser, CurrentUser>();
        var authorization = AddAuthorization();
        authorization.SetAuthorized("nora.klein@leadrouting.demo");
        authorization.SetRoles(LeadRoutingRoles.Ops);
        authorization.SetPolicies(LeadRoutingPolicies.Ops, LeadRoutingPolicies.Manager);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, "user-ops"), new Claim(LeadRoutingClaims.DisplayName, "Nora Klein"));
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
    }

    [Fact]
    public async Task A_created_key_is_shown_once_works_and_stops_working_when_revoked()
    {
        var cut = RenderPage<ApiKeys>();
        cut.Find("input[data-testid=key-name], [data-testid=key-name] input").Change("CRM <sync>");
        cut.Find("[data-testid=create-key]").Click();

        var shown = cut.WaitForElement("[data-testid=issued-key] code.issued-key").TextContent;
        Assert.StartsWith("lr_", shown, StringComparison.Ordinal);
        Assert.Contains("CRM <sync>", cut.Find("[data-testid=issued-key]").TextContent, StringComparison.Ordinal);
        var verified = await _keys.VerifyAsync(shown, CancellationToken.None);
        Assert.Equal("CRM <sync>", verified!.Name);
        Assert.Equal([ApiScopes.Ingest], verified.Scopes);

        // Copy puts exactly the key on the clipboard.
        var copy = JSInterop.SetupVoid("navigator.clipboard.writeText", shown);
        copy.SetVoidResult();
        cut.Find("[data-testid=copy-key]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Copied", cut.Find("[data-testid=copy-key]").TextContent.Trim()));
        Assert.Single(copy.Invocations);

        IElement Row() => cut.FindAll("[data-testid=key-row]").Single(r => r.TextContent.Contains("CRM <sync>", StringComparison.Ordinal));

        // Revoking asks first, naming the key; Cancel leaves it working.
        Row().QuerySelector("[data-testid=revoke]")!.Click();
        Assert.Contains("Revoke the key CRM <sync>?", Row().QuerySelector("[data-testid=revoke-confirm-box]")!.TextContent, StringComparison.Ordinal);
        Row().QuerySelector("[data-testid=revoke-cancel]")!.Click();
        Assert.NotNull(Row().QuerySelector("[data-testid=revoke]"));
        Assert.NotNull(await _keys.VerifyAsync(shown, CancellationToken.None));

        Row().QuerySelector("[data-testid=revoke]")!.Click();
        Row().QuerySelector("[data-testid=revoke-confirm]")!.Click();

        cut.WaitForAssertion(() => Assert.Contains("revoked", Row().TextContent, StringComparison.Ordinal));
        Assert.Null(await _keys.VerifyAsync(shown, CancellationToken.None));
        // The secret of a revoked key is gone from the screen.
        Assert.Empty(cut.FindAll("[data-testid=issued-key]"));
        Assert.DoesNotContain(shown, cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_without_a_name_or_a_scope_is_refused_with_the_reason_and_nothing_is_created()
    {
        var before = (await _keys.ListAsync(CancellationToken.None)).Count;
        var cut = RenderPage<ApiKeys>();
        cut.Find("input[data-testid=scope-ingest], [data-testid=scope-ingest] input").Change(false);
        cut.Find("[data-testid=create-key]").Click();

        Assert.Contains("A name says what the key is for.", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("Choose at least one scope.", cut.Find("[data-testid=scope-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=issued-key]"));
        Assert.Equal(before, (await _keys.ListAsync(CancellationToken.None)).Count);
    }

    /// <summary>
    /// The page is Ops-only on the server; rendered here without that gate, as a manager, its handlers still reach
    /// nothing: the service checks the person acting.
    /// </summary>
    [Fact]
    public async Task A_manager_who_reaches_the_handlers_is_refused_by_the_service_and_nothing_changes()
    {
        var existing = await _keys.CreateForSystemAsync("stays", [ApiScopes.Read], CancellationToken.None);
        var before = (await _keys.ListAsync(CancellationToken.None)).Count;
        var authorization = AddAuthorization();
        authorization.SetRoles(LeadRoutingRoles.Manager);
        authorization.SetPolicies(LeadRoutingPolicies.Manager);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, "user-manager"), new Claim(LeadRoutingClaims.DisplayName, "Katrin Vogel"));
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
        var snackbar = Services.GetRequiredService<MudBlazor.ISnackbar>();
        var cut = RenderPage<ApiKeys>();

        cut.Find("input[data-testid=key-name], [data-testid=key-name] input").Change("sneaky");
        cut.Find("[data-testid=create-key]").Click();
        cut.FindAll("[data-testid=key-row]").Single(r => r.TextContent.Contains("stays", StringComparison.Ordinal)).QuerySelector("[data-testid=revoke]")!.Click();
        cut.FindAll("[data-testid=key-row]").Single(r => r.TextContent.Contains("stays", StringComparison.Ordinal)).QuerySelector("[data-testid=revoke-confirm]")!.Click();

        cut.WaitForAssertion(() => Assert.Equal(2, snackbar.ShownSnackbars.Count()));
        Assert.All(snackbar.ShownSnackbars, s => Assert.StartsWith("Only Ops ", s.Message, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=issued-key]"));
        Assert.Equal(before, (await _keys.ListAsync(CancellationToken.None)).Count);
        Assert.NotNull(await _keys.VerifyAsync(existing.Key, CancellationToken.None));
    }

    [Fact]
    public void A_German_reader_creates_a_key_in_German_and_its_time_is_in_their_zone_not_UTC()
    {
        using var german = CultureScope.Of("de-DE");
        var cut = RenderPage<ApiKeys>();
        Assert.Equal("API-Schlüssel", cut.Find("h1").TextContent.Trim());

        cut.Find("[data-testid=create-key]").Click();
        Assert.Contains("Ein Name sagt, wofür der Schlüssel ist.", cut.Markup, StringComparison.Ordinal);

        cut.Find("input[data-testid=key-name], [data-testid=key-name] input").Change("Formular DE");
        cut.Find("[data-testid=create-key]").Click();

        cut.WaitForAssertion(() => Assert.Contains("kopieren Sie ihn jetzt", cut.Find("[data-testid=issued-key]").TextContent, StringComparison.Ordinal));
        Assert.Equal("Kopieren", cut.Find("[data-testid=copy-key]").TextContent.Trim());
        var row = cut.FindAll("[data-testid=key-row]").Single(r => r.TextContent.Contains("Formular DE", StringComparison.Ordinal));
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        // Created at the fake clock's Monday 30 Nov 2026, 15:00 UTC: 16:00 in Berlin, the person's zone.
        Assert.Equal("30. Nov. 2026, 16:00", cells[3]);
        Assert.Equal("aktiv", cells[4]);
        Assert.Equal("Widerrufen", row.QuerySelector("[data-testid=revoke]")!.TextContent.Trim());
        Assert.DoesNotContain("UTC", cut.Find("[data-testid=keys]").TextContent, StringComparison.Ordinal);
    }
}
