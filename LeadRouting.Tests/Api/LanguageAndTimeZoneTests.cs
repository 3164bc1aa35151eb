using System.Net;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// The page's language: the person's saved choice, else the culture cookie, else the browser's Accept-Language;
/// <c>&lt;html lang&gt;</c> follows. The choice and the time zone are saved per person through the preferences form.
/// </summary>
public sealed class LanguageAndTimeZoneTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private const string Rep = "dach-mid-1@leadrouting.demo";
    private const string Manager = "katrin.vogel@leadrouting.demo";

    [Theory]
    [InlineData("de-DE,de;q=0.9,en;q=0.8", "de", "Anmelden")]
    [InlineData("de", "de", "Anmelden")] // a German Firefox sends the bare language
    [InlineData("de-LU", "de", "Anmelden")] // another German region: German, with Germany's formats
    [InlineData("en-US,en;q=0.9", "en", "Sign in")]
    [InlineData("fr-FR,fr;q=0.9", "en", "Sign in")] // nothing supported: English
    [InlineData("fr-FR,de;q=0.5", "de", "Anmelden")] // the best supported language, not the first one
    public async Task The_login_page_speaks_the_browsers_language(string acceptLanguage, string lang, string signIn)
    {
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);

        var html = await client.GetStringAsync(AccountEndpoints.LoginPath);

        Assert.Contains($"<html lang=\"{lang}\">", html, StringComparison.Ordinal);
        Assert.Contains($">{signIn}</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saved_language_follows_the_person_to_another_browser_and_beats_the_browsers_language()
    {
        using var first = await factory.CreateSignedInClientAsync(Manager);
        first.DefaultRequestHeaders.Add("Accept-Language", "en-GB");
        try
        {
            var saved = await PostPreferencesAsync(first, new() { ["culture"] = "de-DE", ["returnUrl"] = "/rules" });

            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal("/rules", saved.Headers.Location?.OriginalString);
            Assert.Contains("<html lang=\"de\">", await first.GetStringAsync("/rules"), StringComparison.Ordinal);
            Assert.Equal("de-DE", (await UserAsync(Manager)).Culture);

            // Another browser, English, no cookie: signing in brings the person's German with it.
            using var second = await factory.CreateSignedInClientAsync(Manager);
            second.DefaultRequestHeaders.Add("Accept-Language", "en-US");
            var html = await second.GetStringAsync("/rules");
            Assert.Contains("<html lang=\"de\">", html, StringComparison.Ordinal);
            Assert.Contains("Abmelden", html, StringComparison.Ordinal);
        }
        finally
        {
            await ResetAsync(Manager);
        }
    }

    [Fact]
    public async Task A_chosen_time_zone_is_named_on_every_page_and_an_empty_choice_returns_to_the_team_calendars()
    {
        using var client = await factory.CreateSignedInClientAsync(Rep);
        try
        {
            // Clara Fischer's team works on the Berlin calendar.
            Assert.Contains("Times in Europe/Berlin", await client.GetStringAsync("/rules"), StringComparison.Ordinal);

            await PostPreferencesAsync(client, new() { ["timeZone"] = "America/New_York", ["returnUrl"] = "/rules" });
            Assert.Contains("Times in America/New_York", await client.GetStringAsync("/rules"), StringComparison.Ordinal);
            Assert.Equal("America/New_York", (await UserAsync(Rep)).TimeZone);

            await PostPreferencesAsync(client, new() { ["timeZone"] = "", ["returnUrl"] = "/rules" });
            Assert.Contains("Times in Europe/Berlin", await client.GetStringAsync("/rules"), StringComparison.Ordinal);
            Assert.Null((await UserAsync(Rep)).TimeZone);
        }
        finally
        {
            await ResetAsync(Rep);
        }
    }

    [Theory]
    [InlineData("culture", "fr-FR")]
    [InlineData("culture", "<script>")]
    [InlineData("timeZone", "Mars/Olympus_Mons")]
    public async Task An_unknown_language_or_time_zone_is_refused_naming_the_field_and_nothing_is_saved(string field, string value)
    {
        using var client = await factory.CreateSignedInClientAsync(Rep);

        var response = await PostPreferencesAsync(client, new() { [field] = value });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var user = await UserAsync(Rep);
        Assert.Null(user.Culture);
        Assert.Null(user.TimeZone);
    }

    [Fact]
    public async Task The_preferences_form_needs_its_antiforgery_token()
    {
        using var client = await factory.CreateSignedInClientAsync(Rep);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "de-DE" });

        var response = await client.PostAsync(PreferenceEndpoints.Path, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null((await UserAsync(Rep)).Culture);
    }

    [Fact]
    public async Task Without_a_sign_in_the_choice_is_remembered_by_this_browser_only()
    {
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.Add("Accept-Language", "en-US");

        await PostPreferencesAsync(client, new() { ["culture"] = "de-DE", ["returnUrl"] = AccountEndpoints.LoginPath });

        Assert.Contains("<html lang=\"de\">", await client.GetStringAsync(AccountEndpoints.LoginPath), StringComparison.Ordinal);
        var other = factory.CreateBrowserClient();
        other.DefaultRequestHeaders.Add("Accept-Language", "en-US");
        Assert.Contains("<html lang=\"en\">", await other.GetStringAsync(AccountEndpoints.LoginPath), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostPreferencesAsync(HttpClient client, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await LeadRoutingApiFactory.AntiforgeryTokenAsync(client, AccountEndpoints.LoginPath);
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(PreferenceEndpoints.Path, form);
    }

    private async Task<LeadRoutingUser> UserAsync(string email)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadRoutingUser>>();
        return await users.FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
    }

    private async Task ResetAsync(string email)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadRoutingUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
        user.Culture = null;
        user.TimeZone = null;
        await users.UpdateAsync(user);
    }
}
