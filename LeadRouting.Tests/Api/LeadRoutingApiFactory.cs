using System.Net;
using System.Text.RegularExpressions;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace LeadRouting.Tests.Api;

/// <summary>
/// The web app in memory at a fixed instant: Monday 30 Nov 2026, 15:00 UTC, when the Berlin, London and
/// New York offices are all open, so immediate actions find reps in every region. Each factory has its own
/// SQLite database file (with demo data) in a temporary folder, removed when the factory is disposed.
/// </summary>
/// <remarks>
/// A factory with the default settings starts from a copy of one data folder that a first such factory migrated and
/// seeded (<see cref="SeededTemplate"/>): the same files an empty folder would get at that instant, without paying for
/// the migrations and the demo seeding once per test (about a third of each host's start). The start itself still
/// runs in full — migrations find nothing to do, the demo users' passwords are checked — and a factory with other
/// settings (demo off, demo history, another storage) starts from an empty folder, as the product does.
/// </remarks>
public sealed partial class LeadRoutingApiFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-test-").FullName;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _testServices;
    private readonly bool _keepsDataDirectory;

    // xunit class fixtures need exactly one public constructor; other settings come through WithSettings.
    public LeadRoutingApiFactory()
        : this(new Dictionary<string, string>())
    {
    }

    private LeadRoutingApiFactory(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? testServices = null, bool keepsDataDirectory = false)
    {
        _settings = settings;
        _testServices = testServices;
        _keepsDataDirectory = keepsDataDirectory;
    }

    private static readonly Lock TemplateGate = new();
    private static string? _template;

    /// <summary>
    /// The data folder of a factory with the default settings right after its first start (migrated, demo seeded), made
    /// once per test process and removed when it ends. Its host is stopped before the folder is used, so the SQLite
    /// file is closed and checkpointed.
    /// </summary>
    private static string SeededTemplate()
    {
        lock (TemplateGate)
        {
            if (_template is null)
            {
                using (var seeding = new LeadRoutingApiFactory(new Dictionary<string, string>(), keepsDataDirectory: true))
                {
                    _ = seeding.Services;
                    _template = seeding.DataDirectory;
                }

                var template = _template;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveFolder(template);
            }

            return _template;
        }
    }

    /// <summary>
    /// Whether this factory starts from a copy of the template's folder: default settings, or only settings that the
    /// first start does not read (<see cref="SettingsOutsideTheData"/>); test services may differ.
    /// </summary>
    private bool StartsFromTemplate => !_keepsDataDirectory && _settings.Keys.All(IsOutsideTheData);

    /// <summary>
    /// Settings of the running app only — rate limits, hosts and origins, the outbox dispatcher — which the migrations and
    /// the demo seeding never read (retention runs only when asked): an empty folder started with them ends up as the template. Demo, storage and
    /// scheduling settings are not among them.
    /// </summary>
    private static readonly string[] SettingsOutsideTheData = ["RateLimiting:", "Notifications:DispatcherEnabled", "AllowedHosts", "Security:AllowedOrigins", "ForwardedHeaders:", "Retention:"];

    private static bool IsOutsideTheData(string key) =>
        SettingsOutsideTheData.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // Only into an empty folder: a host made by WithWebHostBuilder shares its parent's folder, maybe already in use.
        if (StartsFromTemplate && !Directory.EnumerateFileSystemEntries(_dataDirectory).Any())
        {
            CopyFolder(SeededTemplate(), _dataDirectory);
        }

        return base.CreateHost(builder);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    /// <summary>
    /// A factory with extra configuration settings, e.g. a tight rate limit, and optionally services swapped for a test
    /// (<paramref name="testServices"/>, e.g. a name resolver).
    /// </summary>
    public static LeadRoutingApiFactory WithSettings(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? testServices = null) =>
        new(settings, testServices);

    /// <summary>PBKDF2 rounds of the test hosts' password hashes (see <see cref="ConfigureWebHost"/>).</summary>
    public const int TestPasswordHashRounds = 1_000;

    public static readonly DateTimeOffset Now = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Now);

    public PreviewService Preview => Services.GetRequiredService<PreviewService>();

    public string DataDirectory => _dataDirectory;

    /// <summary>A client that sends a freshly issued API key with <paramref name="scopes"/> (default: all).</summary>
    public HttpClient CreateApiClient(params string[] scopes)
    {
        var key = Services.GetRequiredService<ApiKeyService>()
            .CreateForSystemAsync("test", scopes.Length == 0 ? ApiScopes.All : scopes, CancellationToken.None)
            .GetAwaiter().GetResult();
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key.Key);
        return client;
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests look at them).</summary>
    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A browser-like client signed in through the login form as <paramref name="email"/> (a demo user by default password).</summary>
    public async Task<HttpClient> CreateSignedInClientAsync(string email, string password = DemoUsers.Password)
    {
        var client = CreateBrowserClient();
        var response = await PostLoginAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode} {response.Headers.Location}.");
        }

        return client;
    }

    /// <summary>The sign-in cookie (<c>name=value</c>) a browser gets for <paramref name="email"/>, e.g. to send to the hub.</summary>
    public async Task<string> SignInCookieAsync(string email, string password = DemoUsers.Password)
    {
        var response = await PostLoginAsync(CreateBrowserClient(), email, password);
        var cookie = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(SignInServiceCollectionExtensions.CookieName + "=", StringComparison.Ordinal))
            : null;
        return cookie?.Split(';')[0] ?? throw new InvalidOperationException($"Signing in as {email} set no sign-in cookie.");
    }

    /// <summary>Opens the login page (for its antiforgery token and cookie) and posts the form, as a browser does.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var token = await AntiforgeryTokenAsync(client, AccountEndpoints.LoginPath);
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["email"] = email, ["password"] = password };
        if (returnUrl is not null)
        {
            form["returnUrl"] = returnUrl;
        }

        using var content = new FormUrlEncodedContent(form);
        return await client.PostAsync(AccountEndpoints.LoginPath, content);
    }

    /// <summary>The antiforgery token of the first form on <paramref name="page"/>.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return AntiforgeryTokenPattern().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"{page} has no antiforgery token.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryTokenPattern();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", _dataDirectory);
        builder.UseSetting("Demo:Enabled", "true");
        // No demo history unless a test asks for it (WithSettings): tests start from an empty lead table.
        builder.UseSetting("Demo:HistoryDays", "0");
        // Quartz only where a test is about it (WithSettings can turn it on).
        builder.UseSetting("Scheduling:Enabled", "false");
        // Every test client comes from the same address; the sign-in limit is tested on its own (WithSettings).
        builder.UseSetting("RateLimiting:SignInPerMinute", "100000");
        builder.UseSetting("RateLimiting:SignInBurst", "100000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (StartsFromTemplate && _settings.Count == 0 && _testServices is null)
        {
            // Development checks every registration when the container is built (ValidateOnBuild), a fifth of a host's
            // start. The template's host has the same registrations and was checked in full; scopes are still checked
            // at every resolution.
            builder.UseDefaultServiceProvider(options =>
            {
                options.ValidateOnBuild = false;
                options.ValidateScopes = true;
            });
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            // Identity's real PBKDF2 hasher with fewer rounds: every host seeds six demo users, and at the product's
            // 100,000 rounds their hashes were half of each test host's start. The rounds are stored in each hash, so
            // sign-in checks run exactly as in production; no test is about the hash's cost.
            services.Configure<PasswordHasherOptions>(options => options.IterationCount = TestPasswordHashRounds);
            _testServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (_keepsDataDirectory)
            {
                return;
            }

            RemoveFolder(_dataDirectory);
        }
    }

    private static void RemoveFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Seen under a loaded full run: "Directory not empty", a file of the stopped host's last write appearing
            // while the folder is removed. The test has asserted what it is about; a leftover temp folder fails nothing.
        }
    }
}
