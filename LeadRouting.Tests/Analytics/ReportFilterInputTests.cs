using System.Net;
using System.Text.Json;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Security;

namespace LeadRouting.Tests.Analytics;

/// <summary>
/// Issue 13 for report filters: dates at the calendar's edges are 400s naming the field (never 500), and a list of
/// sources (or teams, segments, …) counts every value of the list instead of silently the last one.
/// </summary>
public sealed class ReportFilterInputTests(LeadRoutingApiFactory app) : IClassFixture<LeadRoutingApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => AnalyticsDataset.SeedAsync(app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonDocument> GetAsync(string url, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var client = app.CreateApiClient(ApiScopes.Read);
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    private async Task<string[]> SourcesAsync(string query)
    {
        using var json = await GetAsync($"/api/reports/conversion?{AnalyticsDataset.PeriodQuery}&{query}");
        return [.. json.RootElement.GetProperty("bySource").EnumerateArray().Select(s => s.GetProperty("key").GetString()!).Order(StringComparer.Ordinal)];
    }

    [Theory]
    [InlineData("to=9999-12-31", "to")]
    [InlineData("from=0001-01-01", "from")]
    [InlineData("to=0001-01-01", "to")]
    [InlineData("from=0001-01-01&to=0001-01-02", "from")]
    [InlineData("to=9999-12-31T23:59:59Z", "to")]
    [InlineData("from=9999-12-31&to=9999-12-31", "from")]
    public async Task Dates_at_the_calendar_s_edges_are_400s_naming_the_field(string query, string field)
    {
        foreach (var report in new[] { "sla", "conversion", "export.csv" })
        {
            using var json = await GetAsync($"/api/reports/{report}?{query}", HttpStatusCode.BadRequest);

            Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), json.RootElement.ToString());
            Assert.Contains("between 2000-01-01 and 2100-01-01", messages[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("source=DemoRequest,Webinar")]
    [InlineData("source=DemoRequest&source=Webinar")]
    [InlineData("source=demorequest, webinar")]
    public async Task A_list_of_sources_counts_every_source_in_it(string query)
    {
        Assert.Equal(["DemoRequest", "Webinar"], await SourcesAsync(query));
        Assert.Equal(["Webinar"], await SourcesAsync("source=Webinar"));
    }

    [Fact]
    public async Task Lists_of_teams_and_reps_keep_the_leads_of_any_of_them()
    {
        using var both = await GetAsync($"/api/reports/conversion?{AnalyticsDataset.PeriodQuery}&team=dach,uki");
        using var dach = await GetAsync($"/api/reports/conversion?{AnalyticsDataset.PeriodQuery}&team=dach");
        using var reps = await GetAsync($"/api/reports/conversion?{AnalyticsDataset.PeriodQuery}&rep=dach-mid-2,uki-mid-1");

        int Assigned(JsonDocument json) => json.RootElement.GetProperty("overall").GetProperty("assigned").GetInt32();
        Assert.Equal(Assigned(dach) + 1, Assigned(both));
        Assert.Equal(["dach-mid-2", "uki-mid-1"], reps.RootElement.GetProperty("byRep").EnumerateArray().Select(r => r.GetProperty("key").GetString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("source=DemoRequest,Carrier%20pigeon", "source", "Carrier pigeon")]
    [InlineData("source=DemoRequest,3", "source", "'3'")]
    [InlineData("team=dach,atlantis", "team", "atlantis")]
    [InlineData("region=UKI&team=dach,uki", "team", "dach")]
    public async Task A_bad_value_in_a_list_is_named(string query, string field, string named)
    {
        using var json = await GetAsync($"/api/reports/sla?{query}", HttpStatusCode.BadRequest);

        Assert.Contains(named, json.RootElement.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_takes_the_same_list()
    {
        using var client = app.CreateApiClient(ApiScopes.Read);

        var response = await client.GetAsync($"/api/reports/export.csv?{AnalyticsDataset.PeriodQuery}&source=DemoRequest,ContactSales&team=dach,uki");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
    }
}
