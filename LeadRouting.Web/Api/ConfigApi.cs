using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

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
        group.MapPost("/publish", PublishAsync).WithName("PublishConfiguration").WithSummary("Publish the draft as a new version")
            .WithDescription($"An optional ?note= (at most {ConfigurationDrafts.MaxNoteLength} characters) says what changed and why; it becomes the version's comment.");
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
        ConfigurationDrafts drafts,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxDocumentBytes)
        {
            return TooLarge();
        }

        // Read as bytes, not through a StreamReader: that would turn bytes that are not UTF-8 into U+FFFD without a word.
        using var body = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxDocumentBytes)
            {
                return TooLarge();
            }

            body.Write(chunk, 0, read);
        }

        var utf8 = JsonTextCheck.WithoutByteOrderMark(body.GetBuffer().AsSpan(0, (int)body.Length));
        // Malformed JSON as a whole is the loader's to report, with the document's other problems.
        var problems = JsonTextCheck.Find(utf8, new JsonReaderOptions { MaxDepth = 64 }, StringComparer.OrdinalIgnoreCase)
            .Where(p => p.Path != JsonTextCheck.RootPath)
            .ToList();
        if (problems.Count > 0)
        {
            // Each unreadable name or string, and each property given twice, under its own path.
            return TypedResults.ValidationProblem(
                problems.GroupBy(p => p.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal),
                title: "The configuration document cannot be read.");
        }

        var json = Encoding.UTF8.GetString(utf8);
        var (result, draft) = await drafts.ReplaceAsync(Editor(request.HttpContext), json, cancellationToken);
        if (draft is null)
        {
            return result.Outcome == DraftOutcome.Invalid ? Invalid(result) : Problem(result);
        }

        return TypedResults.Ok(ConfigurationVersionDto.From(draft, hasDraft: true));
    }

    internal static async Task<Results<Created<ConfigurationVersionDto>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        HttpContext context,
        ConfigurationDrafts drafts,
        string? note,
        CancellationToken cancellationToken)
    {
        var published = await drafts.PublishAsync(Editor(context), note, cancellationToken);
        if (published.Version is { } version)
        {
            return TypedResults.Created("/api/config", ConfigurationVersionDto.From(version, hasDraft: false));
        }

        return published.Result.Outcome == DraftOutcome.Invalid ? Invalid(published.Result) : Problem(published.Result);
    }

    /// <summary>The endpoints admit only admin-scoped keys, so the key (by name) is the editor.</summary>
    private static ConfigurationEditor Editor(HttpContext context) => new(context.User.Identity?.Name ?? "api", MayEdit: true);

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(title: "The configuration document is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>A 400 listing every problem of the document.</summary>
    private static ValidationProblem Invalid(DraftResult result) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["configuration"] = [.. result.Errors] },
            title: "The configuration document cannot be used.");

    /// <summary>409 without a draft or on a conflict; 403 for someone who may not edit.</summary>
    private static ProblemHttpResult Problem(DraftResult result) => result.Outcome switch
    {
        DraftOutcome.NoDraft => TypedResults.Problem(title: "There is no draft to publish.", detail: "PUT /api/config/draft first.", statusCode: StatusCodes.Status409Conflict),
        DraftOutcome.Conflict => TypedResults.Problem(title: "The draft changed meanwhile.", detail: result.Errors[0], statusCode: StatusCodes.Status409Conflict),
        _ => TypedResults.Problem(title: "Not allowed.", detail: result.Errors.Count > 0 ? result.Errors[0] : null, statusCode: StatusCodes.Status403Forbidden),
    };
}

/// <summary>A configuration version: number, kind, author, time and the document itself.</summary>
public sealed record ConfigurationVersionDto(int Version, ConfigurationVersionKind Kind, string Author, DateTimeOffset CreatedAt, string? Comment, bool HasDraft, JsonNode Configuration)
{
    public static ConfigurationVersionDto From(ConfigurationVersionEntity entity, bool hasDraft) =>
        new(entity.Id, entity.Kind, entity.Author, entity.CreatedAt, entity.Comment, hasDraft, JsonNode.Parse(entity.Json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 })!);
}
