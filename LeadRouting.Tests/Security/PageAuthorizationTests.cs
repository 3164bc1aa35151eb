using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;

namespace LeadRouting.Tests.Security;

/// <summary>Who may open a page: nobody signed in (the login page), anyone signed in, or a role's policy.</summary>
public enum PageAccess
{
    Anonymous,
    SignedIn,

    /// <summary>Any signed-in person, sent on to the home of their role.</summary>
    RoleHome,
    Rep,
    Manager,
    Ops,
}

/// <summary>The app with two real leads (one DACH, one UK) and a signed-in client per demo user, shared by a test class.</summary>
public sealed class PageAuthorizationFixture : IDisposable
{
    private readonly Dictionary<string, HttpClient> _clients = [];
    private (string Dach, string Uk)? _leads;

    public LeadRoutingApiFactory App { get; } = new();

    /// <summary>A browser-like client signed in through the login form (cached: the tests of a class run one at a time).</summary>
    public async Task<HttpClient> ClientAsync(string? email)
    {
        if (email is null)
        {
            return App.CreateBrowserClient();
        }

        if (!_clients.TryGetValue(email, out var client))
        {
            client = await App.CreateSignedInClientAsync(email);
            _clients[email] = client;
        }

        return client;
    }

    /// <summary>A German and a British lead, ingested through the API: they land in the DACH and the UK teams.</summary>
    public async Task<(string Dach, string Uk)> LeadsAsync()
    {
        _leads ??= (await IngestAsync("DE", "dach"), await IngestAsync("GB", "uk"));
        return _leads.Value;
    }

    private async Task<string> IngestAsync(string country, string name)
    {
        using var api = App.CreateApiClient(ApiScopes.Ingest);
        var lead = new JsonObject
        {
            ["email"] = $"{name}.buyer@{name}-pages.example",
            ["firstName"] = name,
            ["company"] = $"{name} pages",
            ["employees"] = 400,
            ["industry"] = "Software",
            ["country"] = country,
            ["source"] = "DemoRequest",
        };
        var response = await api.PostAsJsonAsync("/api/leads", lead);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (string)body["lead"]!["id"]!;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        App.Dispose();
    }
}

/// <summary>
/// Every routable page × every kind of visitor, over HTTP with a real cookie sign-in (DESIGN.md "Security": authorization
/// is enforced on the server for every page). A page someone may open answers 200; anyone not signed in is sent to
/// the login page; a signed-in person without the role is sent to the access-denied page. <see cref="Pages"/> must
/// list every page of the app: a new page fails <see cref="Every_routable_page_is_in_the_table"/> until it is added.
/// </summary>
public sealed class PageAuthorizationTests(PageAuthorizationFixture fixture) : IClassFixture<PageAuthorizationFixture>
{
    public const string Rep = "dach-mid-1@leadrouting.demo";
    public const string Manager = "katrin.vogel@leadrouting.demo";
    public const string Ops = "nora.klein@leadrouting.demo";

    /// <summary>Every <c>@page</c> route of the app and who may open it.</summary>
    private static readonly Dictionary<string, PageAccess> Pages = new(StringComparer.Ordinal)
    {
        ["/"] = PageAccess.RoleHome, // redirects each role to its home page
        ["/account/preferences"] = PageAccess.SignedIn,
        ["/playground"] = PageAccess.SignedIn,
        ["/rules"] = PageAccess.SignedIn,
        ["/leads/{Id}"] = PageAccess.SignedIn, // which lead a rep may see is checked inside: Rep_opening_another_team_s_lead_sees_no_detail
        ["/inbox"] = PageAccess.Rep,
        ["/board"] = PageAccess.Manager,
        ["/board/distribution"] = PageAccess.Manager,
        ["/analytics"] = PageAccess.Manager,
        ["/settings/api-keys"] = PageAccess.Ops,
        ["/settings/import"] = PageAccess.Ops,
        ["/settings/reps"] = PageAccess.Ops,
        ["/settings/accounts"] = PageAccess.Ops,
        ["/settings/versions"] = PageAccess.Ops,
        ["/settings/replay"] = PageAccess.Ops,
        ["/settings/teams"] = PageAccess.Ops,
        ["/settings/calendars"] = PageAccess.Ops,
        ["/settings/sla"] = PageAccess.Ops,
        ["/settings/segments"] = PageAccess.Ops,
        ["/settings/scoring"] = PageAccess.Ops,
        ["/settings/matrix"] = PageAccess.Ops,
        ["/settings/tiers"] = PageAccess.Ops,
        ["/settings/fallback"] = PageAccess.Ops,
        ["/settings/demo"] = PageAccess.Ops,
        ["/settings/privacy"] = PageAccess.Ops,
        ["/account/login"] = PageAccess.Anonymous,
        ["/account/access-denied"] = PageAccess.SignedIn,
        ["/not-found"] = PageAccess.SignedIn,
    };

    /// <summary>The visitors: nobody, then the demo user of each role (null email = not signed in).</summary>
    private static readonly (string Name, string? Email, string? Role)[] Visitors =
    [
        ("anonymous", null, null),
        ("rep", Rep, LeadRoutingRoles.Rep),
        ("manager", Manager, LeadRoutingRoles.Manager),
        ("ops", Ops, LeadRoutingRoles.Ops),
    ];

    public static TheoryData<string, string> PagesTimesVisitors()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in Pages.Keys)
        {
            foreach (var visitor in Visitors)
            {
                data.Add(page, visitor.Name);
            }
        }

        return data;
    }

    private static bool MayOpen(PageAccess access, string? role) => access switch
    {
        PageAccess.Anonymous => true,
        PageAccess.SignedIn or PageAccess.RoleHome => role is not null,
        PageAccess.Rep => role == LeadRoutingRoles.Rep,
        PageAccess.Manager => role is LeadRoutingRoles.Manager or LeadRoutingRoles.Ops,
        PageAccess.Ops => role == LeadRoutingRoles.Ops,
        _ => throw new ArgumentOutOfRangeException(nameof(access), access, null),
    };

    private async Task<string> UrlAsync(string route) =>
        route == "/leads/{Id}" ? $"/leads/{Uri.EscapeDataString((await fixture.LeadsAsync()).Dach)}" : route;

    [Fact]
    public void Every_routable_page_is_in_the_table()
    {
        var routes = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => r.Template))
            .ToHashSet(StringComparer.Ordinal);

        var missing = routes.Except(Pages.Keys).Order(StringComparer.Ordinal).ToList();
        var stale = Pages.Keys.Except(routes).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"Pages without an entry in {nameof(PageAuthorizationTests)}.{nameof(Pages)} (say who may open them): {string.Join(", ", missing)}");
        Assert.True(stale.Count == 0, $"Entries in {nameof(PageAuthorizationTests)}.{nameof(Pages)} for pages that no longer exist: {string.Join(", ", stale)}");
    }

    [Theory]
    [MemberData(nameof(PagesTimesVisitors))]
    public async Task Each_visitor_opens_exactly_the_pages_the_table_allows(string route, string visitor)
    {
        var (_, email, role) = Visitors.Single(v => v.Name == visitor);
        var client = await fixture.ClientAsync(email);
        var url = await UrlAsync(route);

        var response = await client.GetAsync(url);

        if (Pages[route] == PageAccess.RoleHome && role is not null)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(SignedInUser.HomeOf([role]), response.Headers.Location?.AbsolutePath);
        }
        else if (MayOpen(Pages[route], role))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else if (role is null)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(AccountEndpoints.LoginPath, response.Headers.Location?.AbsolutePath);
            Assert.Equal($"?ReturnUrl={Uri.EscapeDataString(url)}", response.Headers.Location?.Query);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(AccountEndpoints.AccessDeniedPath, response.Headers.Location?.AbsolutePath);
        }
    }

    [Fact]
    public async Task Rep_opening_another_team_s_lead_sees_no_detail_but_sees_their_own_team_s()
    {
        var (dach, uk) = await fixture.LeadsAsync();
        var rep = await fixture.ClientAsync(Rep);

        var other = await rep.GetStringAsync($"/leads/{uk}");
        var own = await rep.GetStringAsync($"/leads/{dach}");

        Assert.Contains("data-testid=\"lead-not-allowed\"", other, StringComparison.Ordinal);
        Assert.DoesNotContain("uk pages", other, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"lead-not-allowed\"", own, StringComparison.Ordinal);
        Assert.Contains("dach pages", own, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Manager)]
    [InlineData(Ops)]
    public async Task Managers_and_ops_see_every_team_s_lead(string email)
    {
        var (_, uk) = await fixture.LeadsAsync();

        var page = await (await fixture.ClientAsync(email)).GetStringAsync($"/leads/{uk}");

        Assert.DoesNotContain("data-testid=\"lead-not-allowed\"", page, StringComparison.Ordinal);
        Assert.Contains("uk pages", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// The live toasts sit in the main layout, inside <c>Routes</c>, which App.razor renders interactively for every
    /// page but the static sign-in page: the prerendered page opens a server component before the toasts' marker.
    /// </summary>
    [Theory]
    [InlineData(Rep, "/inbox")]
    [InlineData(Rep, "/rules")]
    [InlineData(Manager, "/board")]
    [InlineData(Ops, "/settings/api-keys")]
    public async Task Pages_of_the_main_layout_are_interactive_and_carry_the_live_toasts(string email, string page)
    {
        var html = await (await fixture.ClientAsync(email)).GetStringAsync(page);

        var interactiveRoot = html.IndexOf("<!--Blazor:{\"type\":\"server\"", StringComparison.Ordinal);
        var toasts = html.IndexOf("data-testid=\"live-toasts\"", StringComparison.Ordinal);
        Assert.True(interactiveRoot >= 0, "no interactive server component on the page");
        Assert.True(toasts > interactiveRoot, "the live toasts are not inside the interactive root");
    }

    [Fact]
    public async Task The_static_sign_in_page_has_no_live_toasts()
    {
        var html = await (await fixture.ClientAsync(null)).GetStringAsync(AccountEndpoints.LoginPath);

        Assert.DoesNotContain("\"type\":\"server\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"live-toasts\"", html, StringComparison.Ordinal);
    }
}
