using System.Net;
using System.Text.Json;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Security;

namespace LeadRouting.Tests.Security;

/// <summary>Sign-in, sign-out, lockout and which requests need which sign-in (DESIGN.md "Security").</summary>
public sealed class SignInTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private const string Rep = "dach-mid-1@leadrouting.demo";
    private const string Manager = "katrin.vogel@leadrouting.demo";
    private const string Ops = "nora.klein@leadrouting.demo";

    [Theory]
    [InlineData("/")]
    [InlineData("/playground")]
    [InlineData("/rules")]
    [InlineData("/inbox")]
    [InlineData("/account/access-denied")]
    [InlineData("/scalar/v1")]
    public async Task Anonymous_page_request_redirects_to_the_login_page_with_the_return_url(string page)
    {
        var response = await factory.CreateBrowserClient().GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/account/login?ReturnUrl={Uri.EscapeDataString(page)}", response.Headers.Location?.PathAndQuery);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/health")]
    [InlineData("/app.css")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task Login_page_health_and_static_assets_need_no_sign_in(string path)
    {
        var response = await factory.CreateBrowserClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_needs_a_key_or_a_sign_in()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateBrowserClient().GetAsync("/openapi/v1.json")).StatusCode);
        using var signedIn = await factory.CreateSignedInClientAsync(Rep);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Api_without_a_key_answers_401_problem_json_not_a_login_redirect()
    {
        var response = await factory.CreateBrowserClient().GetAsync("/api/leads/ld_unknown");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, body.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_sign_in_cookie_does_not_open_the_api()
    {
        using var client = await factory.CreateSignedInClientAsync(Ops);

        var response = await client.GetAsync("/api/config");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData(Rep, "/playground", true)]
    [InlineData(Rep, "/rules", true)]
    [InlineData(Rep, "/board", false)]
    [InlineData(Rep, "/settings/api-keys", false)]
    [InlineData(Manager, "/settings/api-keys", false)]
    [InlineData(Ops, "/settings/api-keys", true)]
    [InlineData(Manager, "/board", true)]
    [InlineData(Ops, "/board", true)]
    [InlineData(Rep, "/inbox", true)]
    [InlineData(Manager, "/playground", true)]
    [InlineData(Manager, "/rules", true)]
    [InlineData(Manager, "/inbox", false)]
    [InlineData(Ops, "/playground", true)]
    [InlineData(Ops, "/rules", true)]
    [InlineData(Ops, "/inbox", false)]
    public async Task Each_role_opens_exactly_the_pages_it_is_allowed(string user, string page, bool allowed)
    {
        using var client = await factory.CreateSignedInClientAsync(user);

        var response = await client.GetAsync(page);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(AccountEndpoints.AccessDeniedPath, response.Headers.Location?.AbsolutePath);
        }
    }

    [Theory]
    [InlineData(Rep, "/inbox")]
    [InlineData(Manager, "/board")]
    [InlineData(Ops, "/board")]
    public async Task The_home_address_opens_the_home_of_each_role(string user, string home)
    {
        using var client = await factory.CreateSignedInClientAsync(user);

        // Sign-in redirects to "/" (or the page asked for); "/" sends each role to its own home.
        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(home, response.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(home)).StatusCode);
    }

    [Fact]
    public async Task Signed_in_page_shows_the_person_and_role_in_the_layout()
    {
        using var client = await factory.CreateSignedInClientAsync(Manager);

        var html = await client.GetStringAsync("/rules");

        Assert.Contains("data-testid=\"signed-in-name\">Katrin Vogel<", html, StringComparison.Ordinal);
        Assert.Contains("Manager", html, StringComparison.Ordinal);
        Assert.Contains($"action=\"{AccountEndpoints.LogoutPath}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_returns_to_the_login_page_with_the_error()
    {
        var client = factory.CreateBrowserClient();

        var response = await LeadRoutingApiFactory.PostLoginAsync(client, Manager, "not-the-password");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?error=invalid", response.Headers.Location?.OriginalString);
        var page = await client.GetStringAsync(response.Headers.Location);
        Assert.Contains("The email or password is wrong.", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/rules")).StatusCode);
    }

    [Fact]
    public async Task After_a_wrong_password_the_form_shows_the_typed_email_again_as_text_and_a_sign_in_forgets_it()
    {
        var client = factory.CreateBrowserClient();

        var wrong = await LeadRoutingApiFactory.PostLoginAsync(client, Manager, "not-the-password");
        var page = await client.GetStringAsync(wrong.Headers.Location);
        Assert.Contains($"value=\"{Manager}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Manager, wrong.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Typed text is shown as text: markup in the field comes back encoded, never as markup.
        const string markup = "\"><img src=x onerror=alert(1)>@example.com";
        var hostile = await LeadRoutingApiFactory.PostLoginAsync(client, markup, "not-the-password");
        var hostilePage = await client.GetStringAsync(hostile.Headers.Location);
        Assert.DoesNotContain("<img src=x", hostilePage, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;@example.com", hostilePage, StringComparison.Ordinal);

        var right = await LeadRoutingApiFactory.PostLoginAsync(client, Manager, DemoUsers.Password);
        Assert.Equal("/", right.Headers.Location?.OriginalString);
        var fresh = await client.GetStringAsync("/account/login?error=invalid");
        Assert.DoesNotContain("@example.com", fresh, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{Manager}\"", fresh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_email_gets_the_same_answer_as_a_wrong_password()
    {
        var response = await LeadRoutingApiFactory.PostLoginAsync(factory.CreateBrowserClient(), "nobody@leadrouting.demo", DemoUsers.Password);

        Assert.Equal("/account/login?error=invalid", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_so_even_the_right_one_is_refused()
    {
        const string user = "uki-mid-1@leadrouting.demo";
        var client = factory.CreateBrowserClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await LeadRoutingApiFactory.PostLoginAsync(client, user, $"wrong-password-{attempt}");
            Assert.Equal("/account/login?error=invalid", wrong.Headers.Location?.OriginalString);
        }

        var fifth = await LeadRoutingApiFactory.PostLoginAsync(client, user, "wrong-password-5");
        var right = await LeadRoutingApiFactory.PostLoginAsync(client, user, DemoUsers.Password);

        // The same answer as any failure (SignInHardeningTests): "locked" would tell that the account exists.
        Assert.Equal("/account/login?error=invalid", fifth.Headers.Location?.OriginalString);
        Assert.Equal("/account/login?error=invalid", right.Headers.Location?.OriginalString);
        Assert.Contains("locked for 15 minutes", await client.GetStringAsync("/account/login?error=invalid"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/rules")).StatusCode);
    }

    [Theory]
    [InlineData("/rules", "/rules")]
    [InlineData("/rules?tab=reps", "/rules?tab=reps")]
    [InlineData("//evil.example/phish", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    public async Task After_sign_in_only_a_local_return_url_is_followed(string returnUrl, string expected)
    {
        var response = await LeadRoutingApiFactory.PostLoginAsync(factory.CreateBrowserClient(), Ops, DemoUsers.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Login_post_without_the_antiforgery_token_is_refused()
    {
        var client = factory.CreateBrowserClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = Ops, ["password"] = DemoUsers.Password });

        var response = await client.PostAsync(AccountEndpoints.LoginPath, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/rules")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_ends_the_sign_in()
    {
        using var client = await factory.CreateSignedInClientAsync(Rep);
        var token = await LeadRoutingApiFactory.AntiforgeryTokenAsync(client, "/rules");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

        var response = await client.PostAsync(AccountEndpoints.LogoutPath, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(AccountEndpoints.LoginPath, response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/rules")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_without_the_antiforgery_token_is_refused()
    {
        using var client = await factory.CreateSignedInClientAsync(Rep);

        var response = await client.PostAsync(AccountEndpoints.LogoutPath, new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/rules")).StatusCode);
    }
}
