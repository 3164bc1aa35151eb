using System.Security.Claims;
using Bunit;
using LeadRouting.Core.Configuration;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components.Settings;

/// <summary>
/// A settings page over the running app's configuration drafts (real SQLite file), signed in as Ops. The class fixture
/// shares one database across a class's tests, so each test starts by discarding the draft.
/// </summary>
public abstract class DraftSettingsTestContext : ComponentTestContext
{
    /// <summary>An editor for setting the stage directly through the service.</summary>
    protected static readonly ConfigurationEditor TestOps = new("test-setup@leadrouting.demo", MayEdit: true);

    private readonly IDbContextFactory<LeadRoutingDbContext> _dbFactory;

    protected DraftSettingsTestContext(LeadRoutingApiFactory app)
    {
        Drafts = app.Services.GetRequiredService<ConfigurationDrafts>();
        _dbFactory = app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
        Services.AddSingleton(Drafts);
        Services.AddScoped<ICurrentUser, CurrentUser>();
        var authorization = AddAuthorization();
        authorization.SetAuthorized("nora.klein@leadrouting.demo");
        authorization.SetRoles(LeadRoutingRoles.Ops);
        authorization.SetPolicies(LeadRoutingPolicies.Ops, LeadRoutingPolicies.Manager);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, "user-ops"), new Claim(LeadRoutingClaims.DisplayName, "Nora Klein"));
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
    }

    protected ConfigurationDrafts Drafts { get; }

    /// <summary>Throws any draft away and returns the published document the page starts from.</summary>
    protected async Task<ConfigurationDraft> StartFromPublishedAsync()
    {
        await Drafts.DiscardAsync(TestOps, CancellationToken.None);
        return await Drafts.LoadAsync(CancellationToken.None);
    }

    /// <summary>The draft (or the published version when there is none), as the next page load sees it.</summary>
    protected Task<ConfigurationDraft> LoadAsync() => Drafts.LoadAsync(CancellationToken.None);

    /// <summary>Types into the text field marked <paramref name="testId"/> (MudBlazor puts the marker on the input or around it).</summary>
    protected static void Type<TPage>(IRenderedComponent<TPage> cut, string testId, string text)
        where TPage : IComponent =>
        cut.Find($"input[data-testid={testId}], [data-testid={testId}] input").Change(text);

    /// <summary>Clicks the button <paramref name="buttonTestId"/> in the table row whose cell <paramref name="rowTestId"/> contains <paramref name="text"/>.</summary>
    protected static void ClickInRow<TPage>(IRenderedComponent<TPage> cut, string rowTestId, string text, string buttonTestId)
        where TPage : IComponent
    {
        var row = cut.FindAll("tr").Single(tr => tr.QuerySelector($"[data-testid={rowTestId}]")?.TextContent.Contains(text, StringComparison.Ordinal) == true);
        row.QuerySelector($"[data-testid={buttonTestId}]")!.Click();
    }

    /// <summary>The newest published version, read straight from the database.</summary>
    protected async Task<(int Version, RoutingConfiguration Configuration)> PublishedAsync()
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        var newest = await db.ConfigurationVersions.AsNoTracking()
            .Where(v => v.Kind == ConfigurationVersionKind.Published)
            .OrderByDescending(v => v.Id)
            .FirstAsync();
        return (newest.Id, ConfigurationLoader.Deserialize(newest.Json));
    }
}
