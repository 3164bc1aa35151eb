using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// Webhook subscriptions. The signing secret is generated here and shown once; it is stored encrypted with ASP.NET
/// Core Data Protection (purpose <see cref="SecretPurpose"/>), because signing needs it back — a hash would not do. A
/// copy of the database alone therefore does not reveal secrets; the key ring lives apart from it (see README). URLs must
/// point to public addresses unless allow-listed (<see cref="WebhookTargets"/>).
/// </summary>
public sealed class WebhookSubscriptionService(
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    IDataProtectionProvider dataProtection,
    WebhookTargets targets,
    TimeProvider time)
{
    public const string SecretPurpose = "LeadRouting.Notifications.WebhookSecret.v1";
    public const int MaxUrlLength = 2048;

    private readonly IDataProtector _protector = dataProtection.CreateProtector(SecretPurpose);

    /// <summary>
    /// Null when <paramref name="url"/> may be subscribed: well formed (<see cref="ValidateUrl"/>) and to a public or
    /// allow-listed host (<see cref="WebhookTargets.CheckAsync"/>); else what is wrong with it.
    /// </summary>
    public async Task<string?> CheckUrlAsync(string? url, CancellationToken cancellationToken) =>
        ValidateUrl(url) ?? await targets.CheckAsync(new Uri(url!.Trim(), UriKind.Absolute), cancellationToken);

    /// <summary>Null when <paramref name="url"/> is well formed; else what is wrong with it. Says nothing of where it points.</summary>
    public static string? ValidateUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength)
        {
            return $"An absolute http or https URL of at most {MaxUrlLength} characters is required.";
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "Must be an absolute http or https URL.";
        }

        return uri.UserInfo.Length > 0 ? "Must not carry a user name or password; the request is signed instead." : null;
    }

    public async Task<CreatedWebhook> CreateAsync(NewWebhook request, string actor, CancellationToken cancellationToken)
    {
        if (await CheckUrlAsync(request.Url, cancellationToken) is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(request.Name);
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        var entity = new WebhookSubscriptionEntity
        {
            Name = request.Name.Trim(),
            Url = request.Url.Trim(),
            Format = request.Format,
            TeamId = Blank(request.TeamId),
            RepId = Blank(request.RepId),
            ProtectedSecret = _protector.Protect(secret),
            CreatedAt = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.WebhookSubscriptions.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        db.AuditEvents.Add(new AuditEventEntity
        {
            At = now,
            Actor = actor,
            Type = "WebhookSubscribed",
            Detail = $"webhook {entity.Id} '{entity.Name}' ({entity.Format}) to {Redact(entity.Url)}, team {entity.TeamId ?? "any"}, rep {entity.RepId ?? "any"}",
        });
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedWebhook(ToView(entity), secret);
    }

    public async Task<IReadOnlyList<WebhookView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var all = await db.WebhookSubscriptions.AsNoTracking().Where(w => w.DisabledAt == null).OrderBy(w => w.Id).ToListAsync(cancellationToken);
        return [.. all.Select(ToView)];
    }

    public async Task<bool> DisableAsync(int id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.StampOnceAsync(
            db.WebhookSubscriptions.Where(w => w.Id == id && w.DisabledAt == null),
            w => w.DisabledAt,
            new AuditEventEntity { At = time.GetUtcNow(), Actor = actor, Type = "WebhookDisabled", Detail = $"webhook {id}" },
            cancellationToken);
    }

    public string UnprotectSecret(WebhookSubscriptionEntity subscription) => _protector.Unprotect(subscription.ProtectedSecret);

    /// <summary>Scheme and host only: the path of a chat webhook URL is often its credential.</summary>
    public static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…" : "(invalid URL)";

    private static WebhookView ToView(WebhookSubscriptionEntity w) =>
        new(w.Id, w.Name, Redact(w.Url), w.Format, w.TeamId, w.RepId, w.CreatedAt);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed record NewWebhook
{
    public required string Name { get; init; }
    public required string Url { get; init; }
    public WebhookFormat Format { get; init; }
    public string? TeamId { get; init; }
    public string? RepId { get; init; }
}

/// <summary>A subscription as shown to admins: no secret, the URL reduced to its host.</summary>
public sealed record WebhookView(int Id, string Name, string Url, WebhookFormat Format, string? TeamId, string? RepId, DateTimeOffset CreatedAt);

/// <summary>The only moment the signing secret exists in plain text outside the dispatcher.</summary>
public sealed record CreatedWebhook(WebhookView Webhook, string Secret);
