using System.Text.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core.Configuration;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Web.Api;

/// <summary>
/// <c>/api/config</c>: the routing configuration as one JSON document. Ops edit one draft; publishing it creates a
/// new numbered version (kept for ever, with author and time), which routes the next lead.
/// </summary>
public static class ConfigApi
{
    /// <summary>A configuration document for thousands of segments and reps fits comfortably.</summary>
    private const long MaxDocumentBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapConfigApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/config").WithTags("Configuration").RequireAuthorization(ApiScopes.Admin);
        group.MapGet("/", GetAsync).WithName("GetConfiguration").WithSummary("The published configuration and its version");
        group.MapPut("/draft", PutDraftAsync).WithName("PutConfigurationDraft").WithSummary("Replace the draft (validated; not live until published)");
        group.MapPost("/publish", PublishAsync).WithName("PublishConfiguration").WithSummary("Publish the draft as a new version");
        return endpoints;
    }

    internal static async Task<Ok<ConfigurationVersionDto>> GetAsync(LeadRoutingDbContext db, CancellationToken cancellationToken)
    {
        var published = await db.ConfigurationVersions.AsNoTracking()
            .Where(v => v.Kind == ConfigurationVersionKind.Published)
            .OrderByDescending(v => v.Id)
            .FirstAsync(cancellationToken);
        var draft = await db.ConfigurationVersions.AsNoTracking()
            .Where(v => v.Kind == ConfigurationVersionKind.Draft)
            .Select(v => (int?)v.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return TypedResults.Ok(ConfigurationVersionDto.From(published, draft is not null));
    }

    internal static async Task<Results<Ok<ConfigurationVersionDto>, ValidationProblem, ProblemHttpResult>> PutDraftAsync(
        HttpRequest request,
        LeadRoutingDbContext db,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxDocumentBytes)
        {
            return TypedResults.Problem(title: "The configuration document is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(cancellationToken);
        if (json.Length > MaxDocumentBytes)
        {
            return TypedResults.Problem(title: "The configuration document is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (Validate(json) is { } invalid)
        {
            return invalid;
        }

        var author = request.HttpContext.User.Identity?.Name ?? "api";
        var now = time.GetUtcNow();
        var normalised = ConfigurationLoader.Serialize(ConfigurationLoader.Parse(json));
        var draft = await db.ConfigurationVersions.FirstOrDefaultAsync(v => v.Kind == ConfigurationVersionKind.Draft, cancellationToken);
        if (draft is null)
        {
            draft = new ConfigurationVersionEntity { Kind = ConfigurationVersionKind.Draft, Json = normalised, Author = author, CreatedAt = now };
            db.ConfigurationVersions.Add(draft);
        }
        else
        {
            draft.Json = normalised;
            draft.Author = author;
            draft.CreatedAt = now;
        }

        db.AuditEvents.Add(new AuditEventEntity { At = now, Actor = author, Type = "ConfigurationDraftSaved", Detail = "Draft replaced through the API." });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ConfigurationVersionDto.From(draft, hasDraft: true));
    }

    internal static async Task<Results<Created<ConfigurationVersionDto>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        HttpContext context,
        LeadRoutingDbContext db,
        ConfigurationStore configurations,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var draft = await db.ConfigurationVersions.FirstOrDefaultAsync(v => v.Kind == ConfigurationVersionKind.Draft, cancellationToken);
        if (draft is null)
        {
            return TypedResults.Problem(title: "There is no draft to publish.", detail: "PUT /api/config/draft first.", statusCode: StatusCodes.Status409Conflict);
        }

        if (Validate(draft.Json) is { } invalid)
        {
            return invalid;
        }

        // The draft row becomes the version, so published version numbers run 1, 2, 3… without gaps.
        var author = context.User.Identity?.Name ?? "api";
        var now = time.GetUtcNow();
        var version = draft;
        version.Comment = $"Published by {author} from the draft saved by {draft.Author}";
        version.Kind = ConfigurationVersionKind.Published;
        version.Author = author;
        version.CreatedAt = now;
        db.AuditEvents.Add(new AuditEventEntity { At = now, Actor = author, Type = "ConfigurationPublished", Detail = $"Version {version.Id} published." });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        configurations.Invalidate();
        return TypedResults.Created("/api/config", ConfigurationVersionDto.From(version, hasDraft: false));
    }

    /// <summary>A 400 listing every problem of the document, or null when it can route.</summary>
    private static ValidationProblem? Validate(string json)
    {
        try
        {
            ConfigurationLoader.Parse(json);
            return null;
        }
        catch (ConfigurationException ex)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["configuration"] = [.. ex.Errors] },
                title: "The configuration document cannot be used.");
        }
    }
}

/// <summary>A configuration version: number, kind, author, time and the document itself.</summary>
public sealed record ConfigurationVersionDto(int Version, ConfigurationVersionKind Kind, string Author, DateTimeOffset CreatedAt, string? Comment, bool HasDraft, JsonNode Configuration)
{
    public static ConfigurationVersionDto From(ConfigurationVersionEntity entity, bool hasDraft) =>
        new(entity.Id, entity.Kind, entity.Author, entity.CreatedAt, entity.Comment, hasDraft, JsonNode.Parse(entity.Json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 })!);
}
