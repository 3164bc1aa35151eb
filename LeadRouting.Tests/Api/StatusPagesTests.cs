using System.Net;

namespace LeadRouting.Tests.Api;

public sealed class StatusPagesTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Unknown_api_path_is_a_404_problem()
    {
        var response = await _client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_page_is_a_404_with_the_not_found_page()
    {
        using var client = await factory.CreateSignedInClientAsync("dach-mid-1@leadrouting.demo");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/nothing-here");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Playground_is_prerendered_with_a_decision_for_the_default_lead()
    {
        using var client = await factory.CreateSignedInClientAsync("dach-mid-1@leadrouting.demo");

        var html = await client.GetStringAsync("/playground");

        Assert.Contains("Routing playground", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"owner\"", html, StringComparison.Ordinal);
        Assert.Contains("David Wagner", html, StringComparison.Ordinal);
    }
}
