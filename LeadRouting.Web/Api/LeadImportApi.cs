using System.Buffers;
using System.Text;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace LeadRouting.Web.Api;

/// <summary><c>POST /api/leads/import</c>: a CSV file of leads; every valid row stored and routed, every bad row reported by line.</summary>
public static class LeadImportApi
{
    /// <summary>Generous for CSV (about half a million leads), and the request is refused beyond it before any row is stored.</summary>
    public const long MaxBodyBytes = 64L * 1024 * 1024;

    /// <summary>The form field of a <c>multipart/form-data</c> upload that holds the file.</summary>
    public const string FileField = "file";

    private static readonly string[] CsvMediaTypes = ["text/csv", "application/csv"];

    public static IEndpointRouteBuilder MapLeadImportApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/leads/import", ImportAsync)
            .WithTags("Leads")
            .WithName("ImportLeads")
            .WithSummary("Import leads from CSV: each valid row stored and routed like POST /api/leads, each bad row reported by line")
            .WithDescription(
                $"Send the file as multipart/form-data in a field named '{FileField}', or as the request body with Content-Type text/csv " +
                $"(at most {MaxBodyBytes / (1024 * 1024)} MiB). The header row names the columns: " +
                $"{string.Join(", ", CsvLeadReader.Columns)} (case-insensitive; email and source required). techStack and signals hold " +
                "several values separated by ';' or '|'; a signal is Type@time, e.g. DemoRequest@2026-11-20T10:00:00Z.")
            .Accepts<string>("text/csv", "multipart/form-data")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Describe the form as what it is, a file field, so API explorers offer a file picker.
                if (operation.RequestBody?.Content?.TryGetValue("multipart/form-data", out var form) == true)
                {
                    form.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(StringComparer.Ordinal) { FileField },
                        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            [FileField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                        },
                    };
                }

                return Task.CompletedTask;
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithMetadata(new RequestSizeLimit(MaxBodyBytes))
            .RequireAuthorization(ApiScopes.Ingest)
            .RequireRateLimiting(SecurityServiceCollectionExtensions.IngestRateLimit);
        return endpoints;
    }

    internal static async Task<Results<Ok<LeadImportSummary>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpRequest request,
        LeadImportService imports,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        // The upload is spooled to a temporary file first (memory stays flat for any size), so that a body over the
        // limit is refused before the first row is stored, also when it comes chunked, without a Content-Length.
        await using var spool = new FileStream(
            Path.Combine(Path.GetTempPath(), "leadrouting-import-" + Path.GetRandomFileName()),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 64 * 1024,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);

        Upload upload;
        try
        {
            upload = MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) && contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
                ? await ReceiveFormAsync(request, contentType, spool, cancellationToken)
                : await ReceiveBodyAsync(request, contentType, spool, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }

        if (upload.Problem is { } problem)
        {
            return problem;
        }

        spool.Position = 0;
        await using var reader = await CsvLeadReader.OpenAsync(spool, upload.Encoding, cancellationToken);
        if (reader.HeaderErrors.Count > 0)
        {
            return TypedResults.ValidationProblem(
                reader.HeaderErrors,
                title: "The CSV header is not valid.",
                detail: reader.HeaderDetail);
        }

        var actor = request.HttpContext.User.Identity?.Name is { } name ? $"csv-import ({name})" : "csv-import";
        return TypedResults.Ok(await imports.ImportAsync(reader, actor, cancellationToken));
    }

    /// <summary>The CSV file, or the reason there is none to import (a non-null <see cref="Problem"/>).</summary>
    private sealed record Upload(Encoding? Encoding, ProblemHttpResult? Problem);

    private static async Task<Upload> ReceiveBodyAsync(HttpRequest request, MediaTypeHeaderValue? contentType, Stream spool, CancellationToken cancellationToken)
    {
        if (contentType is null || !CsvMediaTypes.Contains(contentType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return new Upload(null, TypedResults.Problem(
                title: "Unsupported content type.",
                detail: $"Send the CSV as multipart/form-data with a field named '{FileField}', or as the request body with Content-Type text/csv (got '{request.ContentType ?? "none"}').",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        var (encoding, charsetProblem) = EncodingOf(contentType);
        if (charsetProblem is not null)
        {
            return new Upload(null, charsetProblem);
        }

        return await CopyAsync(request.Body, spool, cancellationToken)
            ? new Upload(encoding, null)
            : new Upload(null, TooLarge());
    }

    private static async Task<Upload> ReceiveFormAsync(HttpRequest request, MediaTypeHeaderValue contentType, Stream spool, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary))
        {
            return new Upload(null, BadUpload("The multipart/form-data Content-Type has no boundary."));
        }

        var form = new MultipartReader(boundary, request.Body);
        Upload? file = null;
        try
        {
            while (await form.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var isFile = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    && HeaderUtilities.RemoveQuotes(disposition.Name).Equals(FileField, StringComparison.OrdinalIgnoreCase);
                if (!isFile)
                {
                    // Other form fields are allowed (a browser form may add some) and ignored, but still count towards the limit.
                    if (!await CopyAsync(section.Body, Stream.Null, cancellationToken))
                    {
                        return new Upload(null, TooLarge());
                    }

                    continue;
                }

                if (file is not null)
                {
                    return new Upload(null, BadUpload($"The form has more than one '{FileField}' field; send one file per request."));
                }

                var (encoding, charsetProblem) = MediaTypeHeaderValue.TryParse(section.ContentType, out var partType) ? EncodingOf(partType) : (null, null);
                if (charsetProblem is not null)
                {
                    return new Upload(null, charsetProblem);
                }

                if (!await CopyAsync(section.Body, spool, cancellationToken))
                {
                    return new Upload(null, TooLarge());
                }

                file = new Upload(encoding, null);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && ex is not BadHttpRequestException)
        {
            return new Upload(null, BadUpload($"The multipart/form-data body is malformed: {ex.Message}"));
        }

        return file ?? new Upload(null, BadUpload($"The form has no field named '{FileField}'; send the CSV file in it."));
    }

    /// <summary>Copies <paramref name="source"/> to its end; false, with the copy abandoned, when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<bool> CopyAsync(Stream source, Stream target, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > MaxBodyBytes)
                {
                    return false;
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The declared charset: null (UTF-8, or what a byte order mark says) when none is given.</summary>
    private static (Encoding? Encoding, ProblemHttpResult? Problem) EncodingOf(MediaTypeHeaderValue contentType)
    {
        var charset = HeaderUtilities.RemoveQuotes(contentType.Charset).Value;
        if (string.IsNullOrWhiteSpace(charset) || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        try
        {
            return (Encoding.GetEncoding(charset), null);
        }
        catch (ArgumentException)
        {
            return (null, TypedResults.Problem(
                title: "Unsupported charset.",
                detail: $"The charset '{charset}' is not supported; send the CSV as UTF-8.",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }
    }

    private static ProblemHttpResult BadUpload(string detail) =>
        TypedResults.Problem(title: "The upload is not valid.", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(
            title: "The request body is too large.",
            detail: $"A CSV import must be at most {MaxBodyBytes / (1024 * 1024)} MiB; split the file. Nothing was imported.",
            statusCode: StatusCodes.Status413PayloadTooLarge);

    private sealed record RequestSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
