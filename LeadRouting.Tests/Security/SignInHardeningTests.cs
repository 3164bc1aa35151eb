using System.Net;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Security;

/// <summary>
/// Issue 14 §5: sign-in attempts are limited per client, failures look alike whoever the account is (same answer, same
/// work), and signing out revokes the sign-in, so a copy of the cookie taken before fails after it.
/// </summary>
public sealed class SignInHardeningTests
{
    private const string Rep = "dach-mid-1@leadrouting.demo";
    private const string Manager = "katrin.vogel@leadrouting.demo";
    private const string InvalidAnswer = "/account/login?error=invalid";

    [Fact]
    public async Task Sign_in_attempts_beyond_the_client_limit_answer_429_with_retry_after_and_sign_nobody_in()
    {
        // Three at once, then one a minute: the fourth attempt within the minute is over the limit.
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["RateLimiting:SignInPerMinute"] = "1",
            ["RateLimiting:SignInBurst"] = "3",
        });
        for (var account = 1; account <= 3; account++)
        {
            var attempt = await LeadRoutingApiFactory.PostLoginAsync(factory.CreateBrowserClient(), $"spray-{account}@leadrouting.demo", "Winter2026!Winter");
            Assert.Equal(InvalidAnswer, attempt.Headers.Location?.OriginalString);
        }

        // Password spraying moves on to the next account; so does the limit, with the right password too.
        var client = factory.CreateBrowserClient();
        var limited = await LeadRoutingApiFactory.PostLoginAsync(client, Manager, DemoUsers.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.Contains("Too many sign-in attempts", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/rules")).StatusCode);

        // The page itself stays open: only the attempts are counted.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(AccountEndpoints.LoginPath)).StatusCode);
    }

    [Fact]
    public async Task Unknown_existing_and_locked_accounts_get_the_same_answer_and_message()
    {
        using var factory = new LeadRoutingApiFactory();
        var client = factory.CreateBrowserClient();
        var unknown = await LeadRoutingApiFactory.PostLoginAsync(client, "nobody@leadrouting.demo", "some-password-1");
        var wrong = await LeadRoutingApiFactory.PostLoginAsync(client, Rep, "some-password-1");
        for (var attempt = 2; attempt <= SignInServiceCollectionExtensions.MaxFailedSignIns; attempt++)
        {
            await LeadRoutingApiFactory.PostLoginAsync(client, Rep, $"some-password-{attempt}");
        }

        var lockedRight = await LeadRoutingApiFactory.PostLoginAsync(client, Rep, DemoUsers.Password);
        var lockedWrong = await LeadRoutingApiFactory.PostLoginAsync(client, Rep, "some-password-9");

        Assert.All([unknown, wrong, lockedRight, lockedWrong], response =>
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(InvalidAnswer, response.Headers.Location?.OriginalString);
        });
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/rules")).StatusCode); // the right password did not open a locked account
        var page = await client.GetStringAsync(InvalidAnswer);
        Assert.Contains("The email or password is wrong.", page, StringComparison.Ordinal);
        var users = factory.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<LeadRoutingUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByNameAsync(Rep))!));
    }

    [Fact]
    public async Task Every_failed_attempt_verifies_one_password_hash_whether_the_account_exists_or_is_locked()
    {
        using var factory = new LeadRoutingApiFactory();
        var verifications = new VerificationCount();
        using var counted = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddScoped<IPasswordHasher<LeadRoutingUser>>(_ => new CountingPasswordHasher(verifications))));
        var client = counted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        async Task<int> VerificationsOfAsync(string email, string password)
        {
            var before = verifications.Value;
            var response = await LeadRoutingApiFactory.PostLoginAsync(client, email, password);
            Assert.Equal(InvalidAnswer, response.Headers.Location?.OriginalString);
            return verifications.Value - before;
        }

        Assert.Equal(1, await VerificationsOfAsync("nobody@leadrouting.demo", "some-password-1"));
        for (var attempt = 1; attempt <= SignInServiceCollectionExtensions.MaxFailedSignIns; attempt++)
        {
            Assert.Equal(1, await VerificationsOfAsync(Manager, $"some-password-{attempt}"));
        }

        Assert.Equal(1, await VerificationsOfAsync(Manager, DemoUsers.Password)); // locked now
        Assert.Equal(1, await VerificationsOfAsync("another-nobody@leadrouting.demo", DemoUsers.Password));
    }

    [Fact]
    public async Task A_sign_in_cookie_copied_before_sign_out_is_refused_after_it()
    {
        using var factory = new LeadRoutingApiFactory();
        using var browser = await factory.CreateSignedInClientAsync(Rep);
        var copied = await factory.SignInCookieAsync(Rep);
        using var thief = factory.CreateBrowserClient();
        thief.DefaultRequestHeaders.Add("Cookie", copied);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/inbox")).StatusCode);

        var token = await LeadRoutingApiFactory.AntiforgeryTokenAsync(browser, "/rules");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync(AccountEndpoints.LogoutPath, form)).StatusCode);

        var after = await thief.GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal(AccountEndpoints.LoginPath, after.Headers.Location?.AbsolutePath);

        // Signing in again works as before.
        using var again = await factory.CreateSignedInClientAsync(Rep);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/inbox")).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_cookie_keeps_working_across_requests_until_sign_out()
    {
        using var factory = new LeadRoutingApiFactory();
        using var client = await factory.CreateSignedInClientAsync(Manager);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/board")).StatusCode);
        }
    }

    private sealed class VerificationCount
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public void Add() => Interlocked.Increment(ref _value);
    }

    /// <summary>Identity's own hasher, counting how often a password is verified.</summary>
    private sealed class CountingPasswordHasher(VerificationCount count) : IPasswordHasher<LeadRoutingUser>
    {
        private readonly PasswordHasher<LeadRoutingUser> _inner = new();

        public string HashPassword(LeadRoutingUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(LeadRoutingUser user, string hashedPassword, string providedPassword)
        {
            count.Add();
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
