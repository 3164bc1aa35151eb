using System.Security.Claims;
using Bunit;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components.Settings;

/// <summary><c>/settings/versions</c>: the history with each version's changes, and rollback in one click.</summary>
public sealed class VersionsSettingsTests : SettingsPageTestContext
{
    private readonly ConfigurationDrafts _drafts;

    public VersionsSettingsTests(LeadRoutingApiFactory app)
        : base(app)
    {
        _drafts = Drafts;
    }

    [Fact]
    public void Publish_times_are_on_the_reader_s_clock_in_their_language_without_a_UTC_label()
    {
        // Version 1 was published at the fake clock's 15:00 UTC: 16:00 in Berlin.
        using var british = CultureScope.Of("en-GB");
        var english = RenderPage<VersionsSettings>();
        AngleSharp.Dom.IElement VersionOne(IRenderedComponent<VersionsSettings> cut) =>
            cut.FindAll("[data-testid=version-row]").Single(r => r.GetAttribute("data-version") == "1");
        Assert.Equal("30 Nov 2026, 16:00", VersionOne(english).QuerySelector("[data-testid=version-published]")!.TextContent.Trim());
        Assert.DoesNotContain("UTC", english.Find("[data-testid=versions]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void In_German_the_history_speaks_German_with_German_dates()
    {
        using var german = CultureScope.Of("de-DE");
        var deutsch = RenderPage<VersionsSettings>();
        AngleSharp.Dom.IElement VersionOne(IRenderedComponent<VersionsSettings> cut) =>
            cut.FindAll("[data-testid=version-row]").Single(r => r.GetAttribute("data-version") == "1");
        Assert.Equal("30. Nov. 2026, 16:00", VersionOne(deutsch).QuerySelector("[data-testid=version-published]")!.TextContent.Trim());
        Assert.Equal("Regelversionen", deutsch.Find("h1").TextContent.Trim());
        Assert.Contains("Veröffentlicht", deutsch.Find("[data-testid=versions] thead").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_what_a_version_changed_and_rolls_back_to_an_older_one_as_a_new_version()
    {
        var document = await _drafts.LoadAsync(CancellationToken.None);
        var config = document.Configuration;
        var strict = config with { Policy = config.Policy with { Fit = config.Policy.Fit with { StrongThreshold = 70 } } };
        Assert.True((await _drafts.SaveAsync(Ops, document, strict, "threshold", CancellationToken.None)).Succeeded);
        var published = (await _drafts.PublishAsync(Ops, CancellationToken.None)).Version!.Id;

        var cut = RenderPage<VersionsSettings>();
        var newest = cut.FindAll("[data-testid=version-row]")[0];
        Assert.Equal(published.ToString(System.Globalization.CultureInfo.InvariantCulture), newest.GetAttribute("data-version"));
        Assert.Contains("live", newest.TextContent, StringComparison.Ordinal);
        Assert.Null(newest.QuerySelector("[data-testid=version-rollback]"));
        newest.QuerySelector("[data-testid=version-changes-toggle]")!.Click();
        cut.WaitForAssertion(() => Assert.Contains("policy.fit.strongThreshold: 60 → 70", cut.Find("[data-testid=version-changes]").TextContent, StringComparison.Ordinal));

        AngleSharp.Dom.IElement VersionOne() => cut.FindAll("[data-testid=version-row]").Single(r => r.GetAttribute("data-version") == "1");

        // Rolling back asks first; Cancel publishes nothing.
        VersionOne().QuerySelector("[data-testid=version-rollback]")!.Click();
        Assert.Contains("Publish version 1 again", VersionOne().TextContent, StringComparison.Ordinal);
        VersionOne().QuerySelector("[data-testid=version-rollback-cancel]")!.Click();
        Assert.Equal(published, (await _drafts.HistoryAsync(CancellationToken.None))[0].Version);

        VersionOne().QuerySelector("[data-testid=version-rollback]")!.Click();
        VersionOne().QuerySelector("[data-testid=version-rollback-confirm]")!.Click();

        cut.WaitForAssertion(() => Assert.Contains("Rollback to version 1", cut.FindAll("[data-testid=version-row]")[0].TextContent, StringComparison.Ordinal));
        var history = await _drafts.HistoryAsync(CancellationToken.None);
        Assert.True(history[0].Version > published);
        Assert.Contains("policy.fit.strongThreshold: 70 → 60", (await _drafts.ChangesOfAsync(history[0].Version, CancellationToken.None)).Select(c => c.Text));
    }
}
