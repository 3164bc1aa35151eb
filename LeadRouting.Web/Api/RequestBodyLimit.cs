using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace LeadRouting.Web.Api;

/// <summary>
/// An endpoint's own cap on the request body (endpoint metadata the server enforces while the body is read), and the
/// 413 problem the endpoint answers when a body passes it.
/// </summary>
internal sealed record RequestBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata
{
    /// <summary>The 413 answer; <paramref name="detail"/> says how large a body may be.</summary>
    public static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(title: "The request body is too large.", detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge);
}
