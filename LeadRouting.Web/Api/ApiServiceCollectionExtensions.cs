using System.Text;
using System.Text.Json.Serialization;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Privacy;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

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
        services.AddLeadRoutingPrivacy();
        Booking.BookingPage.AddLeadRoutingBookingPage(services);
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
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync });

        // Every API endpoint answers a storage fault the same way (503, Retry-After, problem body).
        var api = endpoints.MapGroup("").AddEndpointFilter<StorageUnavailableFilter>();
        api.MapRoutingApi();
        api.MapLeadsApi();
        api.MapConfigApi();
        api.MapLeadImportApi();
        api.MapAccountImportApi();
        api.MapWebhooksApi();
        api.MapReportsApi();
        api.MapPrivacyApi();
        api.MapSlackInteractionsApi();
        api.MapActionLinkPages();
        api.MapBookingApi();
        Booking.BookingCancelApi.MapBookingCancel(api);
        Booking.BookingPage.MapBookingPage(api);
        return endpoints;
    }

    /// <summary>
    /// The overall status as plain text (<c>Healthy</c>, <c>Degraded</c>, <c>Unhealthy</c>, as load balancers and the
    /// default writer have it); when not Healthy, one more line per check that is not, with its reason, e.g.
    /// <c>database: Writes fail since … UTC: the disk or the database is full (SQLite error 13). …</c>
    /// </summary>
    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString());
        if (report.Status != HealthStatus.Healthy)
        {
            foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
            {
                text.Append('\n').Append(name).Append(": ").Append(entry.Description ?? entry.Exception?.GetType().Name ?? entry.Status.ToString());
            }
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
