using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace LeadRouting.Web.Api;

/// <summary>
/// Reads one lead from a JSON request body for every endpoint that takes one: at most 1 MB (413 beyond), malformed
/// JSON named under "$", unreadable text (invalid UTF-8, unpaired surrogates) and repeated properties by their JSON
/// path (<see cref="JsonTextCheck"/>), and every bad field by its JSON path (see <see cref="LeadJsonReader"/>).
/// </summary>
public static class LeadRequestReader
{
    /// <summary>A lead is a few kilobytes; a megabyte leaves room for long signal lists and nothing else.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>Lets the server refuse a larger body before reading it (Kestrel honours this per endpoint).</summary>
    public static IRequestSizeLimitMetadata SizeLimit { get; } = new RequestBodyLimit(MaxBodyBytes);

    /// <summary>A lead nests three levels deep; anything deeper is not a lead.</summary>
    private const int MaxDepth = 16;

    /// <summary>Declares a lead JSON body: its OpenAPI shape, the 413 answer and the 1 MB server-side limit.</summary>
    public static RouteHandlerBuilder AcceptsLeadJson(this RouteHandlerBuilder endpoint) =>
        endpoint
            .Accepts<object>("application/json")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true)
                {
                    json.Schema = LeadSchema.Build();
                }

                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithMetadata(SizeLimit);

    /// <summary>
    /// The submission as far as it could be read; <paramref name="errors"/> holds what reading found. A non-null
    /// <see cref="ReadResult.TooLarge"/> (413) or <see cref="ReadResult.Invalid"/> (400: not JSON, text that is not
    /// valid UTF-8 or holds an unpaired surrogate, a property given twice, not an object) is the response to send.
    /// </summary>
    public static async Task<ReadResult> ReadAsync(HttpRequest request, FieldErrors errors, CancellationToken cancellationToken)
    {
        var body = await ReadDocumentAsync(request, rootName: null, cancellationToken);
        if (body.Document is not { } document)
        {
            return new ReadResult(null, body.TooLarge, body.Invalid);
        }

        using (document)
        {
            var submission = LeadJsonReader.Read(document.RootElement, errors);
            return submission is null
                ? new ReadResult(null, null, TypedResults.ValidationProblem(errors.ToDictionary()))
                : new ReadResult(submission, null, null);
        }
    }

    /// <summary>
    /// The body as a JSON document whose every name and string can be read (see <see cref="JsonTextCheck"/>), or the
    /// response to send instead: 413 beyond <see cref="MaxBodyBytes"/>, 400 naming "$" for malformed JSON and each bad
    /// name or string by its path (a top-level array's items named <paramref name="rootName"/><c>[i]</c>). The caller
    /// disposes the document.
    /// </summary>
    public static async Task<JsonBody> ReadDocumentAsync(HttpRequest request, string? rootName, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return new JsonBody(null, TooLarge(), null);
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(request.Body, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new JsonBody(null, TooLarge(), null);
        }

        if (body is null)
        {
            return new JsonBody(null, TooLarge(), null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            return new JsonBody(null, null, TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [LeadJsonReader.BodyPath] = [$"The request body is not valid JSON: {ex.Message}"] },
                title: "The request body is not valid JSON."));
        }

        // System.Text.Json parses such text but throws when a string is read from it: check before anything reads.
        var problems = JsonTextCheck.Find(body, new JsonReaderOptions { MaxDepth = MaxDepth }, StringComparer.OrdinalIgnoreCase, rootName);
        if (problems.Count > 0)
        {
            document.Dispose();
            return new JsonBody(null, null, TypedResults.ValidationProblem(
                problems.GroupBy(p => p.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal),
                title: "The request body holds text that cannot be read."));
        }

        return new JsonBody(document, null, null);
    }

    /// <summary>A readable JSON body, or the response to send (<see cref="TooLarge"/> or <see cref="Invalid"/>).</summary>
    public sealed record JsonBody(JsonDocument? Document, ProblemHttpResult? TooLarge, ValidationProblem? Invalid);

    public sealed record ReadResult(LeadSubmission? Submission, ProblemHttpResult? TooLarge, ValidationProblem? Invalid);

    /// <summary>The whole body, or null when it is larger than <see cref="MaxBodyBytes"/> (chunked requests carry no length).</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult TooLarge() => RequestBodyLimit.TooLarge($"A lead must be at most {MaxBodyBytes / 1024} KiB of JSON.");
}
