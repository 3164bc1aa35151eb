using Scalar.AspNetCore;
using System.Text.Json.Serialization;

namespace LeadRouting.Web.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>Problem details, JSON (camelCase, enums as strings), the OpenAPI document and health checks.</summary>
    public static IServiceCollection AddLeadRoutingApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));
        services.AddOpenApi();
        services.AddScoped<ReportServices>();
        services.AddHealthChecks().AddCheck<Data.DatabaseHealthCheck>("database");
        return services;
    }

    /// <summary>The public HTTP API (DESIGN.md "Public HTTP API"), <c>/openapi/v1.json</c> and <c>/health</c>.</summary>
    public static IEndpointRouteBuilder MapLeadRoutingApi(this IEndpointRouteBuilder endpoints)
    {
        // DESIGN.md "Security": everything but /health and the login page needs authentication, the API reference too
        // (an API key for tools fetching the document, the sign-in cookie for people reading it in the browser).
        endpoints.MapOpenApi().RequireAuthorization();

        // The interactive API reference at /scalar/v1, served from the package (no CDN), over the same document.
        endpoints.MapScalarApiReference().RequireAuthorization();
        endpoints.MapHealthChecks("/health");
        endpoints.MapRoutingApi();
        endpoints.MapLeadsApi();
        endpoints.MapConfigApi();
        endpoints.MapLeadImportApi();
        endpoints.MapWebhooksApi();
        endpoints.MapReportsApi();
        return endpoints;
    }
}
