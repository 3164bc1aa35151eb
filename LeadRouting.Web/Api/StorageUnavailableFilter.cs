namespace LeadRouting.Web.Api;

/// <summary>
/// The one place where the API turns a storage fault into its answer: <c>503 Service Unavailable</c> with
/// <c>Retry-After</c> and a problem body naming the reason, for every <c>/api</c> endpoint — whether the fault came from
/// the lead writer (<see cref="StorageUnavailableException"/>) or from an EF Core write (a draft, a webhook, a key).
/// Nothing of the refused request was stored (a CSV import keeps the rows stored before the fault; sending the file
/// again stores only the rest).
/// </summary>
internal sealed class StorageUnavailableFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (LeadRoutingStorage.DescribeStorageFault(ex) is { } reason && !context.HttpContext.Response.HasStarted)
        {
            var retryAfter = (int)StorageUnavailableException.RetryAfter.TotalSeconds;
            context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                title: "The database cannot take changes right now.",
                detail: $"Nothing of this request was stored: {reason}. Send it again in {retryAfter} s or later.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                type: "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                extensions: new Dictionary<string, object?> { ["reason"] = reason, ["retryAfterSeconds"] = retryAfter });
        }
    }
}
