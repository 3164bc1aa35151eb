using LeadRouting.Web.Security;

namespace LeadRouting.Web.Demo;

/// <summary>
/// Whether this instance runs with demo data, and the demo's secrets, which depend on the environment (README
/// "Production start and secrets at rest"). Demo data is on in Development (<c>appsettings.Development.json</c>) and off
/// elsewhere unless <c>Demo:Enabled</c> asks for it. In Development the demo users share the published
/// <see cref="DemoUsers.Password"/> and a generated demo API key is printed to the console. Outside Development nothing
/// published signs in and nothing secret is printed: the demo users sign in only with the operator's
/// <c>Demo:Password</c> (without it they cannot sign in), and the only demo API key is the operator's <c>Demo:ApiKey</c>.
/// </summary>
public sealed record DemoSettings
{
    public required bool Enabled { get; init; }

    public required bool IsDevelopment { get; init; }

    public required string EnvironmentName { get; init; }

    /// <summary>The demo users' password; null when they cannot sign in (demo off, or outside Development without <c>Demo:Password</c>).</summary>
    public string? UserPassword { get; init; }

    /// <summary>The operator's demo API key (<c>Demo:ApiKey</c>), stored at first start; null: Development generates one, elsewhere there is none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Demo secrets may be printed to the console only in Development, where the console is a developer's terminal, not a log.</summary>
    public bool PrintsSecrets => IsDevelopment;

    /// <summary>
    /// The login page lists the demo users with their password only when that password is the published one, which is
    /// the case only in Development: elsewhere the list would name accounts nobody can use, or hint at a password.
    /// </summary>
    public bool ListsUsersOnLoginPage => Enabled && UserPassword == DemoUsers.Password;

    /// <exception cref="InvalidOperationException">A demo setting is unusable; the message names it.</exception>
    public static DemoSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        var enabled = options.Enabled;
        var development = environment.IsDevelopment();
        var password = NullIfBlank(options.Password);
        var apiKey = NullIfBlank(options.ApiKey);
        if (enabled && !development && password == DemoUsers.Password)
        {
            throw new InvalidOperationException(
                $"Demo:Password must not be the published demo password outside Development (environment {environment.EnvironmentName}); choose a password of your own.");
        }

        if (enabled && apiKey is not null && !ApiKeyService.IsWellFormed(apiKey))
        {
            throw new InvalidOperationException(
                "Demo:ApiKey must read lr_<12 lowercase hex digits>_<43 characters of A-Z, a-z, 0-9, '-', '_'>, e.g. from "
                + "echo \"lr_$(openssl rand -hex 6)_$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')\".");
        }

        return new DemoSettings
        {
            Enabled = enabled,
            IsDevelopment = development,
            EnvironmentName = environment.EnvironmentName,
            UserPassword = !enabled ? null : password ?? (development ? DemoUsers.Password : null),
            ApiKey = enabled ? apiKey : null,
        };
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
