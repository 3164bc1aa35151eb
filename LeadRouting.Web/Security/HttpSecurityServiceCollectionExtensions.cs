using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Security;

/// <summary>What the app trusts about a request before anything reads it: its host, its proxy, its page's origin; and the headers every answer carries.</summary>
public static partial class HttpSecurityServiceCollectionExtensions
{
    /// <summary>The hosts the app answers for when <c>AllowedHosts</c> is not set: this machine only.</summary>
    public const string DefaultAllowedHosts = "localhost;127.0.0.1;[::1]";

    /// <summary>
    /// Host filtering (<c>AllowedHosts</c>, default <see cref="DefaultAllowedHosts"/>), forwarded headers from known
    /// proxies (<see cref="ForwardedHeadersSettings"/>, off by default), the origin check of the live connections
    /// (<see cref="LiveConnectionOrigins"/>) and no <c>Server</c> header.
    /// </summary>
    public static IServiceCollection AddLeadRoutingHttpSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);

        // ASP.NET Core's own default (no AllowedHosts) is "*", which lets any Host header into absolute redirects.
        if (string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
        {
            services.Configure<HostFilteringOptions>(options => options.AllowedHosts = DefaultAllowedHosts.Split(';'));
        }

        // Validated at start with the reason (which entry, what is wrong), so a typo stops the app instead of refusing pages.
        services.AddOptions<OriginOptions>().Bind(configuration.GetSection(OriginOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OriginOptions>>(new SettingsCheck<OriginOptions>(o => OriginOptions.Parse(o.AllowedOrigins).Error));
        services.AddSingleton<LiveConnectionOrigins>();

        services.AddOptions<ForwardedHeadersSettings>().Bind(configuration.GetSection(ForwardedHeadersSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>>(new SettingsCheck<ForwardedHeadersSettings>(o => o.Error()));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((options, settings) =>
        {
            // Scheme (so cookies are Secure and HSTS is sent behind TLS) and client address (for logs and limits).
            // Not X-Forwarded-Host: the proxy passes the public Host itself, and host filtering checks that one.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedFor;
            options.ForwardLimit = settings.Value.ForwardLimit;
            var proxies = settings.Value.Proxies();
            var networks = settings.Value.Networks();
            if (proxies.Count > 0 || networks.Count > 0)
            {
                // Configured proxies replace the loopback default rather than adding to it.
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
                foreach (var proxy in proxies)
                {
                    options.KnownProxies.Add(proxy);
                }

                foreach (var network in networks)
                {
                    options.KnownIPNetworks.Add(network);
                }
            }
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline, so everything after it (HSTS, the exception page, cookies, redirects) sees the scheme the
    /// browser used: forwarded headers when enabled, the security headers, then the origin check of <c>/hubs/*</c> and
    /// <c>/_blazor</c>. Host filtering runs before all of it (the framework puts it first).
    /// </summary>
    public static WebApplication UseLeadRoutingHttpSecurity(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpSecurityServiceCollectionExtensions).FullName!);
        var hosts = app.Services.GetRequiredService<IOptions<HostFilteringOptions>>().Value.AllowedHosts;
        if (hosts.Count == 0 || hosts.Contains("*"))
        {
            LogAnyHost(logger);
        }
        else
        {
            LogHosts(logger, string.Join(", ", hosts));
        }

        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<LiveConnectionOriginMiddleware>();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answering for hosts {Hosts} (AllowedHosts); any other Host header gets 400.")]
    private static partial void LogHosts(ILogger logger, string hosts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AllowedHosts is \"*\": any Host header is accepted and may appear in redirects. Set AllowedHosts to the public host name, e.g. leads.example.com.")]
    private static partial void LogAnyHost(ILogger logger);
}

/// <summary>Fails options validation with the settings' own explanation (null: valid).</summary>
internal sealed class SettingsCheck<TOptions>(Func<TOptions, string?> error) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        error(options) is { } reason ? ValidateOptionsResult.Fail(reason) : ValidateOptionsResult.Success;
}
