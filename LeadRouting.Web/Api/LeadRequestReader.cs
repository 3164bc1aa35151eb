using System.Text.Json;
using LeadRouting.Core.Leads;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace LeadRouting.Web.Api;

/// <summary>
/// Reads one lead from a JSON request body for every endpoint that takes one: at most 1 MB (413 beyond), malformed
/// JSON named under "$", and every bad field by its JSON path (see <see cref="LeadJsonReader"/>).
/// </summary>
public static class LeadRequestReader
{
    /// <summary>A lead is a few kilobytes; a megabyte leaves room for long signal lists and nothing else.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>Lets the server refuse a larger body before reading it (Kestrel honours this per endpoint).</summary>
    public static IRequestSizeLimitMetadata SizeLimit { get; } = new RequestSizeLimit(MaxBodyBytes);

    /// <summary>Declares a lead JSON body: its OpenAPI shape, the 413 answer and the 1 MB server-side limit.</summary>
    public static RouteHandlerBuilder AcceptsLeadJson(this RouteHandlerBuilder endpoint) =>
        endpoint
            .Accepts<LeadRequestDto>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithMetadata(SizeLimit);

    /// <summary>
    /// The submission as far as it could be read; <paramref name="errors"/> holds what reading found. A non-null
    /// <see cref="ReadResult.TooLarge"/> (413) or <see cref="ReadResult.Invalid"/> (400: not JSON, not an object)
    /// is the response to send.
    /// </summary>
    public static async Task<ReadResult> ReadAsync(HttpRequest request, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return new ReadResult(null, TooLarge(), null);
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(request.Body, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ReadResult(null, TooLarge(), null);
        }

        if (body is null)
        {
            return new ReadResult(null, TooLarge(), null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return new ReadResult(null, null, TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [LeadJsonReader.BodyPath] = [$"The request body is not valid JSON: {ex.Message}"] },
                title: "The request body is not valid JSON."));
        }

        using (document)
        {
            var submission = LeadJsonReader.Read(document.RootElement, errors);
            return submission is null
                ? new ReadResult(null, null, TypedResults.ValidationProblem(errors.ToDictionary()))
                : new ReadResult(submission, null, null);
        }
    }

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

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(
            title: "The request body is too large.",
            detail: $"A lead must be at most {MaxBodyBytes / 1024} KiB of JSON.",
            statusCode: StatusCodes.Status413PayloadTooLarge);

    private sealed record RequestSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
