using System.Net;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Security;
using Microsoft.Data.Sqlite;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// The real app as a process in Production on a data folder that does not exist yet (README "Production start and
/// secrets at rest"). A start costs seconds on the test machine, so each scenario runs once in a fixture — start,
/// use it as a browser and an API client would, record what is observable (files and their modes while it runs, pages,
/// answers), stop it with SIGTERM so its output is complete — and each test asserts one behaviour of that record.
/// </summary>
[UnsupportedOSPlatform("windows")] // file modes are what it checks
public sealed partial class ProductionStartTests
{
    internal static readonly TimeSpan AppStart = AppProcess.StartTimeout;

    /// <summary>Every logger at Information, so a secret passing through any of them would show in the output.</summary>
    internal static readonly Dictionary<string, string> VerboseLogging = new()
    {
        ["Logging__LogLevel__Default"] = "Information",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Information",
    };

    /// <summary>An API key of any kind, as <c>ApiKeyService</c> issues them.</summary>
    [GeneratedRegex(@"lr_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}")]
    internal static partial Regex AnyApiKey();

    /// <summary>What one run of the app showed.</summary>
    public sealed record Observed
    {
        public required string DataDirectory { get; init; }
        public required IReadOnlyDictionary<string, UnixFileMode> Modes { get; init; }
        public required string LoginPage { get; init; }
        public required HttpResponseMessage PublishedPasswordSignIn { get; init; }
        public HttpResponseMessage? OperatorPasswordSignIn { get; init; }
        public HttpStatusCode DemoKeyStatus { get; init; }
        public required IReadOnlyList<string> Output { get; init; }
        public required long Users { get; init; }
        public required long ApiKeys { get; init; }
        public required long Accounts { get; init; }
        public required string FirstVersionComment { get; init; }

        public string AllOutput => string.Join('\n', Output);

        /// <summary>Starts the app, uses it, stops it with SIGTERM.</summary>
        public static async Task<Observed> RunAsync(string parent, IReadOnlyDictionary<string, string> environment, bool demoData)
        {
            // A folder the app has to create itself: its mode is the app's doing, not the test's.
            var dataDirectory = Path.Combine(parent, "data");
            using var app = await AppProcess.StartAsync(dataDirectory, AppStart, environment, demoData);
            var loginPage = await NewBrowser(app).GetStringAsync(AccountEndpoints.LoginPath);
            var published = await LeadRoutingApiFactory.PostLoginAsync(NewBrowser(app), "nora.klein@leadrouting.demo", DemoUsers.Password);
            var operatorSignIn = demoData ? await LeadRoutingApiFactory.PostLoginAsync(NewBrowser(app), "nora.klein@leadrouting.demo", AppProcess.DemoPassword) : null;
            var keyStatus = HttpStatusCode.Unused;
            if (demoData)
            {
                using var api = new HttpClient { BaseAddress = app.BaseAddress };
                api.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, AppProcess.DemoApiKey);
                keyStatus = (await api.GetAsync("/api/reports/sla")).StatusCode;
            }

            // While it runs: SQLite removes -wal and -shm when the last connection closes at shutdown.
            var modes = new[] { "", "leadrouting.db", "leadrouting.db-wal", "leadrouting.db-shm", "scheduler.db", "keys" }
                .Where(name => Path.Exists(Path.Combine(dataDirectory, name)))
                .ToDictionary(name => name, name => File.GetUnixFileMode(Path.Combine(dataDirectory, name)));

            long users, apiKeys, accounts;
            string firstVersionComment;
            await using (var db = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "leadrouting.db")};Mode=ReadOnly;Pooling=False"))
            {
                await db.OpenAsync();
                users = await ScalarAsync(db, "SELECT COUNT(*) FROM \"AspNetUsers\"");
                apiKeys = await ScalarAsync(db, "SELECT COUNT(*) FROM \"ApiKeys\"");
                accounts = await ScalarAsync(db, "SELECT COUNT(*) FROM \"Accounts\"");
                firstVersionComment = await TextAsync(db, "SELECT \"Comment\" FROM \"ConfigurationVersions\" ORDER BY \"Id\" LIMIT 1");
            }

            await app.StopAsync(TimeSpan.FromSeconds(60));
            return new Observed
            {
                DataDirectory = dataDirectory,
                Modes = modes,
                LoginPage = loginPage,
                PublishedPasswordSignIn = published,
                OperatorPasswordSignIn = operatorSignIn,
                DemoKeyStatus = keyStatus,
                Output = app.Output,
                Users = users,
                ApiKeys = apiKeys,
                Accounts = accounts,
                FirstVersionComment = firstVersionComment,
            };
        }

        /// <summary>A browser-like client: keeps cookies (the antiforgery cookie), does not follow redirects.</summary>
        private static HttpClient NewBrowser(AppProcess app) =>
            new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };

        private static async Task<long> ScalarAsync(SqliteConnection db, string sql)
        {
            await using var command = db.CreateCommand();
            command.CommandText = sql;
            return (long)(await command.ExecuteScalarAsync())!;
        }

        private static async Task<string> TextAsync(SqliteConnection db, string sql)
        {
            await using var command = db.CreateCommand();
            command.CommandText = sql;
            return (string)(await command.ExecuteScalarAsync())!;
        }
    }

    /// <summary>Only <c>ASPNETCORE_ENVIRONMENT=Production</c>: no demo setting at all, as an operator installs it.</summary>
    public sealed class DefaultsRun : IAsyncLifetime
    {
        private readonly string _parent = Directory.CreateTempSubdirectory("leadrouting-production-").FullName;

        public Observed Run { get; private set; } = null!;

        public async Task InitializeAsync() => Run = await Observed.RunAsync(_parent, VerboseLogging, demoData: false);

        public Task DisposeAsync()
        {
            Directory.Delete(_parent, recursive: true);
            return Task.CompletedTask;
        }
    }

    /// <summary>Production with demo data asked for, the operator's demo password and demo key (<see cref="AppProcess"/>).</summary>
    public sealed class ExplicitDemoRun : IAsyncLifetime
    {
        private readonly string _parent = Directory.CreateTempSubdirectory("leadrouting-production-demo-").FullName;

        public Observed Run { get; private set; } = null!;

        public async Task InitializeAsync() => Run = await Observed.RunAsync(_parent, VerboseLogging, demoData: true);

        public Task DisposeAsync()
        {
            Directory.Delete(_parent, recursive: true);
            return Task.CompletedTask;
        }
    }

    [Slow(SlowBecause.AppProcess)]
    public sealed class Defaults(DefaultsRun fixture) : IClassFixture<DefaultsRun>
    {
        private Observed Run => fixture.Run;

        [Fact]
        public void An_empty_folder_started_in_Production_gets_no_demo_data_no_users_and_no_api_key()
        {
            Assert.Equal("Default policy", Run.FirstVersionComment);
            Assert.Equal(0, Run.Accounts);
            Assert.Equal(0, Run.Users);
            Assert.Equal(0, Run.ApiKeys);
        }

        [Fact]
        public void The_login_page_lists_no_demo_user_and_the_published_demo_password_signs_nobody_in()
        {
            Assert.DoesNotContain("demo-users", Run.LoginPage, StringComparison.Ordinal);
            Assert.DoesNotContain("leadrouting.demo", Run.LoginPage, StringComparison.Ordinal);
            Assert.DoesNotContain(DemoUsers.Password, Run.LoginPage, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, Run.PublishedPasswordSignIn.StatusCode);
            Assert.Equal("/account/login?error=invalid", Run.PublishedPasswordSignIn.Headers.Location?.OriginalString);
        }

        [Fact]
        public void Nothing_secret_is_written_to_the_output()
        {
            Assert.NotEmpty(Run.Output);
            Assert.DoesNotMatch(AnyApiKey(), Run.AllOutput);
            Assert.DoesNotContain(DemoUsers.Password, Run.AllOutput, StringComparison.Ordinal);
        }

        [Fact]
        public void The_data_folder_and_the_keys_folder_are_0700_and_every_SQLite_file_is_0600()
        {
            var folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            var file = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            Assert.Equal(
                new Dictionary<string, UnixFileMode>
                {
                    [""] = folder,
                    ["keys"] = folder,
                    ["leadrouting.db"] = file,
                    ["leadrouting.db-wal"] = file,
                    ["leadrouting.db-shm"] = file,
                    ["scheduler.db"] = file,
                },
                Run.Modes);
        }

        [Fact]
        public void The_start_warns_that_the_key_ring_is_not_encrypted_and_names_the_setting_that_does_it()
        {
            var warning = Assert.Single(Run.Output, line => line.Contains("Data Protection key ring", StringComparison.Ordinal));
            Assert.Contains(Path.Combine(Run.DataDirectory, "keys"), warning, StringComparison.Ordinal);
            Assert.Contains("not encrypted at rest", warning, StringComparison.Ordinal);
            Assert.Contains("DataProtection:CertificatePath", warning, StringComparison.Ordinal);
        }
    }

    [Slow(SlowBecause.AppProcess)]
    public sealed class ExplicitDemo(ExplicitDemoRun fixture) : IClassFixture<ExplicitDemoRun>
    {
        private Observed Run => fixture.Run;

        [Fact]
        public void Demo_data_asked_for_in_Production_is_seeded_and_announced_with_a_warning_at_start()
        {
            Assert.StartsWith("Demo data", Run.FirstVersionComment, StringComparison.Ordinal);
            Assert.Equal(DemoUsers.All.Count, Run.Users);
            Assert.Contains(Run.Output, line => line.Contains("DEMO DATA in the Production environment", StringComparison.Ordinal));
        }

        [Fact]
        public void Demo_users_sign_in_with_the_operators_password_never_with_the_published_one_and_are_not_listed()
        {
            Assert.Equal("/account/login?error=invalid", Run.PublishedPasswordSignIn.Headers.Location?.OriginalString);
            Assert.Equal("/", Run.OperatorPasswordSignIn?.Headers.Location?.OriginalString);
            Assert.DoesNotContain("demo-users", Run.LoginPage, StringComparison.Ordinal);
            Assert.DoesNotContain("leadrouting.demo", Run.LoginPage, StringComparison.Ordinal);
        }

        [Fact]
        public void The_operators_demo_api_key_is_the_demo_key()
        {
            Assert.Equal(HttpStatusCode.OK, Run.DemoKeyStatus);
            Assert.Equal(1, Run.ApiKeys);
        }

        [Fact]
        public void Neither_an_api_key_nor_a_password_appears_in_the_output()
        {
            Assert.Contains(Run.Output, line => line.Contains("Demo API key from Demo:ApiKey stored", StringComparison.Ordinal));
            Assert.DoesNotMatch(AnyApiKey(), Run.AllOutput);
            Assert.DoesNotContain(AppProcess.DemoApiKey[^20..], Run.AllOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(AppProcess.DemoPassword, Run.AllOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(DemoUsers.Password, Run.AllOutput, StringComparison.Ordinal);
        }
    }
}
