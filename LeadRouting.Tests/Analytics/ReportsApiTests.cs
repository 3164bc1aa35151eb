using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Analytics;
using LeadRouting.Web.Security;

namespace LeadRouting.Tests.Analytics;

/// <summary><c>GET /api/reports/*</c> with a read key over <see cref="AnalyticsDataset"/>; filters and their 400s; the page's cookie download.</summary>
public sealed class ReportsApiTests(LeadRoutingApiFactory app) : IClassFixture<LeadRoutingApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => AnalyticsDataset.SeedAsync(app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("sla", "overTime")]
    [InlineData("conversion", "bySource")]
    [InlineData("speed-to-lead", "buckets")]
    [InlineData("heatmap", "cells")]
    [InlineData("capacity", "reps")]
    [InlineData("flow", "links")]
    [InlineData("booking", "bySource")]
    public async Task Every_report_answers_a_read_key_as_json(string report, string property)
    {
        using var client = app.CreateApiClient(ApiScopes.Read);

        var response = await client.GetAsync($"/api/reports/{report}?{AnalyticsDataset.PeriodQuery}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty(property).GetArrayLength() > 0);
        Assert.Equal("2026-11-16T00:00:00+00:00", json.RootElement.GetProperty("period").GetProperty("to").GetString());
    }

    [Fact]
    public async Task Conversion_json_carries_counts_rates_and_intervals()
    {
        using var client = app.CreateApiClient(ApiScopes.Read);

        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/reports/conversion?{AnalyticsDataset.PeriodQuery}&team=dach"));

        var rep = json.RootElement.GetProperty("byRep").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "dach-mid-2");
        Assert.Equal(2, rep.GetProperty("closed").GetInt32());
        Assert.Equal(1, rep.GetProperty("won").GetInt32());
        Assert.Equal(0.5, rep.GetProperty("rate").GetDouble());
        Assert.Equal(0.0945, rep.GetProperty("lower").GetDouble(), 4);
        Assert.Equal("50 % (9–91 %)", rep.GetProperty("text").GetString());
        Assert.Equal(5, json.RootElement.GetProperty("overall").GetProperty("assigned").GetInt32());
    }

    [Fact]
    public async Task Booking_json_has_minutes_and_a_flat_show_rate_like_its_neighbours()
    {
        using var client = app.CreateApiClient(ApiScopes.Read);

        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/reports/booking?{AnalyticsDataset.PeriodQuery}"));

        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("overall").GetProperty("offered").GetInt32()); // an-1, an-2: assigned with AeImmediate
        Assert.Equal(JsonValueKind.Null, root.GetProperty("medianMinutesToBooked").ValueKind);
        Assert.False(root.TryGetProperty("medianTimeToBooked", out _));
        Assert.Equal("—", root.GetProperty("outcomes").GetProperty("showText").GetString());
        Assert.True(root.GetProperty("outcomes").TryGetProperty("showRate", out _));
        Assert.Equal(2, root.GetProperty("conversionNotBooked").GetProperty("assigned").GetInt32());
    }

    [Fact]
    public async Task Sla_json_by_week_with_enum_names()
    {
        using var client = app.CreateApiClient(ApiScopes.Read);

        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/reports/sla?{AnalyticsDataset.PeriodQuery}&granularity=week&source=DemoRequest"));

        Assert.Equal("Week", json.RootElement.GetProperty("granularity").GetString());
        var week = json.RootElement.GetProperty("overTime")[0];
        Assert.Equal((2, 2), (week.GetProperty("decided").GetInt32(), week.GetProperty("met").GetInt32()));
    }

    [Fact]
    public async Task A_bad_filter_is_a_400_naming_every_bad_field()
    {
        using var client = app.CreateApiClient(ApiScopes.Read);

        var response = await client.GetAsync("/api/reports/conversion?from=yesterday&region=Atlantis&team=nowhere&rep=nobody&source=Carrier%20pigeon&segment=moon&granularity=hourly&timeZone=Mars%2FOlympus");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var fields = json.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["from", "granularity", "region", "rep", "segment", "source", "team", "timeZone"], fields);
    }

    [Theory]
    [InlineData("from=2026-11-10&to=2026-11-01", "from")]
    [InlineData("from=2024-01-01&to=2026-11-01", "to")]
    [InlineData("region=UKI&team=dach", "team")]
    [InlineData("team=uki&rep=dach-mid-1", "rep")]
    [InlineData("source=3", "source")]
    public async Task Inconsistent_filters_are_400s(string query, string field)
    {
        using var client = app.CreateApiClient(ApiScopes.Read);

        var response = await client.GetAsync($"/api/reports/sla?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Export_is_a_csv_with_one_row_per_team_and_rep()
    {
        using var client = app.CreateApiClient(ApiScopes.Read);

        var response = await client.GetAsync($"/api/reports/export.csv?{AnalyticsDataset.PeriodQuery}&region=DACH");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("leadrouting-review-2026-11-02-to-2026-11-16.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("level,team,rep,region,", lines[0], StringComparison.Ordinal);
        Assert.Equal(1 + 1 + 8, lines.Length); // header, the DACH team, its eight reps
        Assert.StartsWith("team,DACH Sales,,DACH,4,50,", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("rep,DACH Sales,", StringComparison.Ordinal) && l.EndsWith(",Overloaded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_page_download_takes_a_manager_s_sign_in_and_refuses_a_rep_and_an_api_key()
    {
        using var manager = await app.CreateSignedInClientAsync("katrin.vogel@leadrouting.demo");
        using var rep = await app.CreateSignedInClientAsync("dach-mid-1@leadrouting.demo");
        using var key = app.CreateApiClient(ApiScopes.Read);

        var allowed = await manager.GetAsync($"/analytics/export.csv?{AnalyticsDataset.PeriodQuery}");
        var refused = await rep.GetAsync($"/analytics/export.csv?{AnalyticsDataset.PeriodQuery}");
        var withKey = await key.GetAsync($"/analytics/export.csv?{AnalyticsDataset.PeriodQuery}");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("text/csv", allowed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(AccountEndpoints.AccessDeniedPath, refused.Headers.Location?.AbsolutePath);
        // A key is not a sign-in: the client follows the redirect to the login page, no CSV.
        Assert.Equal(AccountEndpoints.LoginPath, withKey.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.NotEqual("text/csv", withKey.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("de-DE", ';', "Ebene;Team;Mitarbeiter;Region;", "Team;DACH Sales;;DACH;4;50;")]
    [InlineData("en-GB", ',', "Level,Team,Rep,Region,", "Team,DACH Sales,,DACH,4,50,")]
    [InlineData("en-US", ',', "Level,Team,Rep,Region,", "Team,DACH Sales,,DACH,4,50,")]
    public async Task The_page_download_is_in_the_person_s_culture_and_the_api_s_stays_culture_free(string culture, char separator, string header, string teamRow)
    {
        using var manager = await app.CreateSignedInClientAsync("katrin.vogel@leadrouting.demo");
        manager.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
        using var key = app.CreateApiClient(ApiScopes.Read);
        key.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);

        var page = await manager.GetByteArrayAsync($"/analytics/export.csv?{AnalyticsDataset.PeriodQuery}&region=DACH");
        var api = await key.GetByteArrayAsync($"/api/reports/export.csv?{AnalyticsDataset.PeriodQuery}&region=DACH");

        // A byte-order mark, so Excel reads umlauts ("Kapazität") as UTF-8.
        Assert.Equal(Encoding.UTF8.GetPreamble(), page[..3]);
        var lines = Encoding.UTF8.GetString(page[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith(header, lines[0], StringComparison.Ordinal);
        Assert.StartsWith(teamRow, lines[1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Equal(QuarterlyReview.Header.Count - 1, l.Count(c => c == separator)));
        // Decimals in the culture's notation: a decimal comma inside a semicolon list, a point inside a comma list.
        var cells = lines.Skip(1).SelectMany(l => l.Split(separator)).Select(c => c.Trim('"')).ToList();
        Assert.True(cells.Any(c => System.Text.RegularExpressions.Regex.IsMatch(c, separator == ';' ? @"^\d+,\d$" : @"^\d+\.\d$")), string.Join("\n", lines));
        Assert.DoesNotContain(cells, c => System.Text.RegularExpressions.Regex.IsMatch(c, separator == ';' ? @"^\d+\.\d$" : @"^\d+,\d$"));
        if (culture == "de-DE")
        {
            Assert.Contains("Kapazität", lines[0], StringComparison.Ordinal);
            Assert.True(lines.Any(l => l.StartsWith("Mitarbeiter;DACH Sales;", StringComparison.Ordinal) && l.EndsWith(";überlastet", StringComparison.Ordinal)), string.Join("\n", lines));
        }

        var apiLines = Encoding.UTF8.GetString(api[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("level,team,rep,region,", apiLines[0], StringComparison.Ordinal);
        Assert.StartsWith("team,DACH Sales,,DACH,4,50,", apiLines[1], StringComparison.Ordinal);
    }
}
