using System.Text.Json;
using LeadRouting.Core.Leads;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace LeadRouting.Web.Api;

/// <summary><c>/api/routing</c>: routing without side effects.</summary>
public static class RoutingApi
{
    /// <summary>A lead is a few kilobytes; a megabyte leaves room for long signal lists and nothing else.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/routing").WithTags("Routing");

        // Authentication (API key in X-Api-Key, scope "read") comes with the security issue; until then this is open.
        group.MapPost("/preview", PreviewAsync)
            .WithName("PreviewRouting")
            .WithSummary("Route a lead without storing it or moving round-robin pointers")
            .Accepts<LeadRequestDto>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithMetadata(new RequestSizeLimit(MaxBodyBytes));

        return endpoints;
    }

    internal static async Task<Results<Ok<RoutingDecisionDto>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        HttpRequest request,
        PreviewService preview,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(request.Body, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }

        if (body is null)
        {
            return TooLarge();
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [LeadJsonReader.BodyPath] = [$"The request body is not valid JSON: {ex.Message}"] },
                title: "The request body is not valid JSON.");
        }

        using (document)
        {
            var errors = new FieldErrors();
            var submission = LeadJsonReader.Read(document.RootElement, errors);
            if (submission is null)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            var result = preview.Preview(submission, errors);
            return result.Decision is { } decision
                ? TypedResults.Ok(RoutingDecisionDto.From(decision))
                : TypedResults.ValidationProblem(result.Errors);
        }
    }

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

    /// <summary>Lets the server refuse a larger body before reading it (Kestrel honours this per endpoint).</summary>
    private sealed record RequestSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
