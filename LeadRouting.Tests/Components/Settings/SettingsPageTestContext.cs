using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using LeadRouting.Core.Configuration;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Tests.Components.Settings;

/// <summary>
/// A settings page over the running app's configuration drafts, signed in as Ops. The class fixture's database is
/// shared by a class's tests, so each test starts with <see cref="StartWithoutDraftAsync"/>.
/// </summary>
public abstract class SettingsPageTestContext : ComponentTestContext, IClassFixture<LeadRoutingApiFactory>
{
    protected static readonly ConfigurationEditor Ops = new("nora.klein@leadrouting.demo", true);

    /// <summary>An editor for setting the stage directly through the service.</summary>
    protected static readonly ConfigurationEditor TestOps = new("test-setup@leadrouting.demo", MayEdit: true);

    private readonly IDbContextFactory<LeadRoutingDbContext> _dbFactory;

    protected SettingsPageTestContext(LeadRoutingApiFactory app)
    {
        Drafts = app.Services.GetRequiredService<ConfigurationDrafts>();
        Store = app.Services.GetRequiredService<ConfigurationStore>();
        _dbFactory = app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
        Services.AddSingleton(Drafts);
        Services.AddScoped<ICurrentUser, CurrentUser>();
        var authorization = AddAuthorization();
        authorization.SetAuthorized("nora.klein@leadrouting.demo");
        authorization.SetRoles(LeadRoutingRoles.Ops);
        authorization.SetPolicies(LeadRoutingPolicies.Ops, LeadRoutingPolicies.Manager);
        authorization.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, "user-ops"),
            new Claim(ClaimTypes.Email, "nora.klein@leadrouting.demo"),
            new Claim(LeadRoutingClaims.DisplayName, "Nora Klein"));
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
    }

    protected ConfigurationDrafts Drafts { get; }

    /// <summary>The forms' messages in the current culture, as a page hands them to <c>Validate</c> and <c>Delete</c>.</summary>
    protected IStringLocalizer<FormText> Messages => Services.GetRequiredService<IStringLocalizer<FormText>>();

    protected ConfigurationStore Store { get; }

    /// <summary>Throws away a draft an earlier test of the class left, so the page shows the published version.</summary>
    protected async Task StartWithoutDraftAsync()
    {
        await Drafts.DiscardAsync(Ops, CancellationToken.None);
        Assert.False((await Drafts.LoadAsync(CancellationToken.None)).IsDraft);
    }

    /// <summary>Stores <paramref name="edit"/> of the published version as the draft, as another tab would.</summary>
    protected async Task SaveDraftAsync(Func<RoutingConfiguration, RoutingConfiguration> edit)
    {
        var current = await Drafts.LoadAsync(CancellationToken.None);
        var result = await Drafts.SaveAsync(Ops, current, edit(current.Configuration), "test setup", CancellationToken.None);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
    }

    protected async Task<ConfigurationDraft> DraftAsync() => await Drafts.LoadAsync(CancellationToken.None);

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
        where TPage : Microsoft.AspNetCore.Components.IComponent =>
        Input(cut, testId).Change(text);

    /// <summary>Clicks the button <paramref name="buttonTestId"/> in the table row whose cell <paramref name="rowTestId"/> contains <paramref name="text"/>.</summary>
    protected static void ClickInRow<TPage>(IRenderedComponent<TPage> cut, string rowTestId, string text, string buttonTestId)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var row = cut.FindAll("tr").Single(tr => tr.QuerySelector($"[data-testid={rowTestId}]")?.TextContent.Contains(text, StringComparison.Ordinal) == true);
        row.QuerySelector($"[data-testid={buttonTestId}]")!.Click();
    }

    /// <summary>The newest published version, read straight from the database.</summary>
    protected async Task<(int Version, RoutingConfiguration Configuration)> NewestPublishedAsync()
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        var newest = await db.ConfigurationVersions.AsNoTracking()
            .Where(v => v.Kind == ConfigurationVersionKind.Published)
            .OrderByDescending(v => v.Id)
            .FirstAsync();
        return (newest.Id, ConfigurationLoader.Deserialize(newest.Json));
    }

    /// <summary>The summary the newest draft save left in the audit log.</summary>
    protected async Task<string> LastDraftAuditAsync()
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        return await db.AuditEvents.AsNoTracking().Where(e => e.Type == "ConfigurationDraftSaved").OrderByDescending(e => e.Id).Select(e => e.Detail).FirstAsync();
    }

    protected async Task<RoutingConfiguration> PublishedAsync() => (await Store.CurrentAsync(CancellationToken.None)).Engine.Configuration;

    /// <summary>The input of a Mud field, whether the test id landed on the input or on its wrapper.</summary>
    protected static IElement Input<TPage>(IRenderedComponent<TPage> cut, string testId, int index = 0)
        where TPage : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll($"input[data-testid={testId}], [data-testid={testId}] input")[index];

    /// <summary>A row of the preview box's result: the draft's cell and the published version's.</summary>
    protected static (string Draft, string Published) PreviewRow<TPage>(IRenderedComponent<TPage> cut, string key)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var cells = cut.Find($"[data-testid=preview-{key}]").QuerySelectorAll("td");
        return (cells[0].TextContent.Trim(), cells[1].TextContent.Trim());
    }
}
