using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Settings;

/// <summary>
/// The settings preview box routes its sample by the draft and by the published version over the same live state a
/// post meets — open leads and round-robin positions included — and moves nothing (issue 13, point 1).
/// </summary>
public sealed class DraftPreviewLiveStateTests : IDisposable
{
    private readonly LeadRoutingApiFactory _app = new();
    private readonly ConfigurationDrafts _drafts;

    public DraftPreviewLiveStateTests() => _drafts = _app.Services.GetRequiredService<ConfigurationDrafts>();

    public void Dispose() => _app.Dispose();

    /// <summary>A small US shop: by the rules alone it goes to the North America junior AEs.</summary>
    private static LeadSubmission SmallUsSample(string email) => new()
    {
        Email = email,
        Company = "Sample company",
        Employees = 80,
        Industry = "E-Commerce",
        Country = "US",
        Source = SignalType.PricingPageVisit,
    };

    private async Task PostDachLeadAsync(string email)
    {
        var response = await _app.CreateApiClient().PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = email, ["employees"] = 350, ["industry"] = "Software", ["country"] = "DE",
            ["techStack"] = new JsonArray("HubSpot"), ["source"] = "DemoRequest", ["estimatedDealSize"] = 30000,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<RoutingConfiguration> DraftAsync() => (await _drafts.LoadAsync(CancellationToken.None)).Configuration;

    [Fact]
    public async Task Both_sides_route_a_company_in_play_to_the_rep_who_works_it()
    {
        await PostDachLeadAsync("jana.richter@brightlabs.de");

        var preview = await _drafts.PreviewAsync(await DraftAsync(), SmallUsSample("tom.berger@brightlabs.de"), new FieldErrors(), CancellationToken.None);

        Assert.Equal("dach-mid-2", preview.Draft!.OwnerId?.Value);
        Assert.Equal(DistributionMethod.AccountInPlay, preview.Draft.Distribution);
        Assert.Equal("dach-mid-2", preview.Published!.OwnerId?.Value);
        Assert.False(preview.Differs);
    }

    [Fact]
    public async Task Both_sides_merge_a_person_with_an_open_lead()
    {
        await PostDachLeadAsync("jana.richter@brightlabs.de");

        var preview = await _drafts.PreviewAsync(await DraftAsync(), SmallUsSample("jana.richter@brightlabs.de"), new FieldErrors(), CancellationToken.None);

        Assert.NotNull(preview.Draft!.DuplicateOf);
        Assert.Equal(preview.Draft.DuplicateOf, preview.Published!.DuplicateOf);
    }

    [Fact]
    public async Task The_preview_names_the_published_version_and_moves_nothing()
    {
        await PostDachLeadAsync("jana.richter@brightlabs.de");
        var before = await LiveState.ReadAsync(_app);

        var preview = await _drafts.PreviewAsync(await DraftAsync(), SmallUsSample("emily.carter@fieldnote.io"), new FieldErrors(), CancellationToken.None);

        Assert.Equal(DistributionMethod.WeightedRoundRobin, preview.Published!.Distribution);
        Assert.Equal(new ConfigurationStamp(1, "system", LeadRoutingApiFactory.Now), preview.PublishedVersion);
        Assert.Equal(before, await LiveState.ReadAsync(_app));
    }
}
