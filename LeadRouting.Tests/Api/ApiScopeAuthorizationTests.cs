using System.Net;
using System.Text;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// Every <c>/api/*</c> endpoint × every kind of caller: no key, a person's sign-in cookie (Ops, the most senior), and a
/// key with only the <c>ingest</c>, <c>read</c> or <c>admin</c> scope. The API takes keys only (401 without one, a
/// cookie included) and a key needs the endpoint's scope (403 otherwise). Cells other test classes already cover are
/// listed per endpoint (<see cref="ApiEndpoint.CoveredElsewhere"/>) and not repeated here; every allowed cell is among
/// them, since those tests send real requests that succeed. <see cref="Every_api_endpoint_is_in_the_table_with_its_scope"/>
/// fails when an endpoint is added without an entry. What the ingest endpoints answer depends on the scopes too: a key
/// without <c>read</c> learns only the id and status of a lead its submission meets (<see cref="IngestOnlyKeyTests"/>).
/// </summary>
public sealed class ApiScopeAuthorizationTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    public enum Caller
    {
        NoKey,
        SignInCookie,
        IngestKey,
        ReadKey,
        AdminKey,
    }

    /// <summary>One endpoint: its route pattern, the scope it needs, a concrete path to call, the cells tested elsewhere.</summary>
    public sealed record ApiEndpoint(string Method, string Pattern, string Scope, string Path, params Caller[] CoveredElsewhere)
    {
        public override string ToString() => $"{Method} {Pattern}";
    }

    private static readonly ApiEndpoint[] Endpoints =
    [
        // LeadsApiTests: Missing_wrong_and_revoked_keys_are_401…, Wrong_scope_is_403…, and the ingest tests.
        new("POST", "/api/leads", ApiScopes.Ingest, "/api/leads", Caller.NoKey, Caller.ReadKey, Caller.IngestKey),
        // LeadImportApiTests: the anonymous/read-only case and the import tests.
        new("POST", "/api/leads/import", ApiScopes.Ingest, "/api/leads/import", Caller.NoKey, Caller.ReadKey, Caller.IngestKey),
        // ImportProfilesApiTests.Profiles_are_listed_replaced_and_deleted_with_the_admin_scope_only (an ingest key refused).
        new("GET", "/api/leads/import/profiles", ApiScopes.Admin, "/api/leads/import/profiles", Caller.IngestKey, Caller.AdminKey),
        new("PUT", "/api/leads/import/profiles/{name}", ApiScopes.Admin, "/api/leads/import/profiles/x", Caller.IngestKey, Caller.AdminKey),
        new("DELETE", "/api/leads/import/profiles/{name}", ApiScopes.Admin, "/api/leads/import/profiles/x", Caller.AdminKey),
        // AccountImportApiTests: an ingest key refused, the import tests with the admin scope.
        new("POST", "/api/accounts/import", ApiScopes.Admin, "/api/accounts/import", Caller.IngestKey, Caller.AdminKey),
        // LeadSignalsApiTests: the ingest tests.
        new("POST", "/api/leads/{id}/signals", ApiScopes.Ingest, "/api/leads/ld_x/signals", Caller.IngestKey),
        // SignInTests.Api_without_a_key…; LeadsApiTests.Wrong_scope_is_403… and the read tests.
        new("GET", "/api/leads/{id}", ApiScopes.Read, "/api/leads/ld_x", Caller.NoKey, Caller.IngestKey, Caller.ReadKey),
        // LeadsApiTests.Wrong_scope_is_403…; RoutingPreviewApiTests.
        new("POST", "/api/routing/preview", ApiScopes.Read, "/api/routing/preview", Caller.IngestKey, Caller.ReadKey),
        // ConfigApiTests.Config_endpoints_need_the_admin_scope (a key with ingest and read); SignInTests.A_sign_in_cookie_does_not_open_the_api.
        new("GET", "/api/config", ApiScopes.Admin, "/api/config", Caller.NoKey, Caller.SignInCookie, Caller.IngestKey, Caller.ReadKey, Caller.AdminKey),
        // ConfigApiTests.Draft_then_publish….
        new("PUT", "/api/config/draft", ApiScopes.Admin, "/api/config/draft", Caller.AdminKey),
        // ConfigApiTests.Config_endpoints_need_the_admin_scope (a key with ingest and read) and Draft_then_publish….
        new("POST", "/api/config/publish", ApiScopes.Admin, "/api/config/publish", Caller.IngestKey, Caller.ReadKey, Caller.AdminKey),
        // WebhooksApiTests.Webhooks_need_the_admin_scope (a key with read and ingest) and Create_answers_the_secret_once….
        new("GET", "/api/webhooks", ApiScopes.Admin, "/api/webhooks", Caller.IngestKey, Caller.ReadKey, Caller.AdminKey),
        // WebhooksApiTests.Create_answers_the_secret_once….
        new("POST", "/api/webhooks", ApiScopes.Admin, "/api/webhooks", Caller.AdminKey),
        // WebhooksApiTests.Create_answers_the_secret_once… (deletes what it created).
        new("DELETE", "/api/webhooks/{id:int}", ApiScopes.Admin, "/api/webhooks/1", Caller.AdminKey),
        // ReportsApiTests: every report answered for a read key.
        new("GET", "/api/reports/sla", ApiScopes.Read, "/api/reports/sla", Caller.ReadKey),
        new("GET", "/api/reports/conversion", ApiScopes.Read, "/api/reports/conversion", Caller.ReadKey),
        new("GET", "/api/reports/speed-to-lead", ApiScopes.Read, "/api/reports/speed-to-lead", Caller.ReadKey),
        new("GET", "/api/reports/heatmap", ApiScopes.Read, "/api/reports/heatmap", Caller.ReadKey),
        new("GET", "/api/reports/capacity", ApiScopes.Read, "/api/reports/capacity", Caller.ReadKey),
        new("GET", "/api/reports/booking", ApiScopes.Read, "/api/reports/booking", Caller.ReadKey),
        new("GET", "/api/reports/flow", ApiScopes.Read, "/api/reports/flow", Caller.ReadKey),
        new("GET", "/api/reports/export.csv", ApiScopes.Read, "/api/reports/export.csv", Caller.ReadKey),
        // PersonalDataErasureTests.Erase_and_export_need_an_admin_key_and_a_valid_email (no key, an admin key).
        new("POST", "/api/privacy/erase", ApiScopes.Admin, "/api/privacy/erase", Caller.NoKey, Caller.AdminKey),
        new("GET", "/api/privacy/export", ApiScopes.Admin, "/api/privacy/export?email=nobody@example.com", Caller.NoKey, Caller.AdminKey),
    ];

    private static string? ScopeOf(Caller caller) => caller switch
    {
        Caller.IngestKey => ApiScopes.Ingest,
        Caller.ReadKey => ApiScopes.Read,
        Caller.AdminKey => ApiScopes.Admin,
        _ => null,
    };

    public static TheoryData<string, Caller> UncoveredCells()
    {
        var data = new TheoryData<string, Caller>();
        foreach (var endpoint in Endpoints)
        {
            foreach (var caller in Enum.GetValues<Caller>().Except(endpoint.CoveredElsewhere))
            {
                data.Add(endpoint.ToString(), caller);
            }
        }

        return data;
    }

    private async Task<HttpClient> ClientAsync(Caller caller) => caller switch
    {
        Caller.NoKey => factory.CreateClient(),
        Caller.SignInCookie => await factory.CreateSignedInClientAsync("nora.klein@leadrouting.demo"),
        _ => factory.CreateApiClient(ScopeOf(caller)!),
    };

    /// <summary>
    /// The API endpoints without a key: Slack's interactions, which verifies Slack's request signature instead
    /// (Responding/SlackInteractionsTests), and the booking link's slots and booking, whose credential is the link's
    /// token (Booking/BookingApiTests). Anything else anonymous under /api would be a hole.
    /// </summary>
    [Fact]
    public void The_only_api_endpoints_without_a_key_are_Slacks_signed_interactions_and_the_booking_link()
    {
        using var _ = factory.CreateClient();
        var anonymous = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true && e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => e.RoutePattern.RawText)
            .ToList();

        Assert.Equal(["/api/book/{token}", "/api/book/{token}/meetings/{meetingId}/cancel", "/api/book/{token}/meetings/{meetingId}/reschedule", "/api/book/{token}/slots", "/api/slack/interactions"], anonymous.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_api_endpoint_is_in_the_table_with_its_scope()
    {
        using var _ = factory.CreateClient(); // builds the app, so its endpoints exist
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method =>
                $"{method} {e.RoutePattern.RawText!.TrimEnd('/')} needs {string.Join("+", e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? "sign-in"))}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var table = Endpoints.Select(e => $"{e} needs {e.Scope}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(table, mapped);
    }

    [Fact]
    public void Every_allowed_cell_is_tested_elsewhere_with_a_request_that_succeeds()
    {
        foreach (var endpoint in Endpoints)
        {
            var allowed = Enum.GetValues<Caller>().Single(c => ScopeOf(c) == endpoint.Scope);
            Assert.True(endpoint.CoveredElsewhere.Contains(allowed), $"{endpoint} has no test calling it with the {endpoint.Scope} scope.");
        }
    }

    [Theory]
    [MemberData(nameof(UncoveredCells))]
    public async Task A_caller_without_a_key_or_without_the_scope_is_refused_with_problem_json(string endpointName, Caller caller)
    {
        var endpoint = Endpoints.Single(e => e.ToString() == endpointName);
        Assert.NotEqual(endpoint.Scope, ScopeOf(caller)); // allowed cells are covered elsewhere (see the test above)
        using var client = await ClientAsync(caller);
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path);
        if (endpoint.Method is "POST" or "PUT")
        {
            // A body the endpoint accepts: routing answers 415 for another content type before authorization runs.
            request.Content = endpoint.Pattern is "/api/leads/import" or "/api/accounts/import"
                ? new StringContent("email,source\nanna@brightlabs.de,DemoRequest\n", Encoding.UTF8, "text/csv")
                : new StringContent("{}", Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);

        Assert.Equal(ScopeOf(caller) is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
