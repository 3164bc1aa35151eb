using System.Text;
using LeadRouting.Web.Analytics;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Api;

/// <summary>
/// <c>/api/reports/*</c>: the analytics of <c>/analytics</c> as JSON, and the quarterly review as CSV. Every report takes the
/// same filter in the query string (<c>from</c>, <c>to</c>, <c>region</c>, <c>team</c>, <c>rep</c>, <c>source</c>,
/// <c>segment</c>; <c>granularity</c> for the SLA report); a bad filter answers 400 naming every bad field.
/// </summary>
public static class ReportsApi
{
    /// <summary>The page's download: the same CSV behind the sign-in cookie (the API takes API keys only).</summary>
    public const string PageExportPath = "/analytics/export.csv";

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(ApiScopes.Read);

        group.MapGet("/sla", (HttpRequest request, ReportServices services, CancellationToken ct) =>
                ReportAsync(request, services, (db, engine, filter, c) => ReportQueries.SlaAsync(db, engine, filter, services.Now, c), ct))
            .WithName("SlaReport")
            .WithSummary("SLA compliance over time (per day or week) and by region, team and rep: % met, median and p90 minutes to first touch");
        MapReport(group, "/conversion", "ConversionReport", "Conversion by source, segment, team and rep with 95 % Wilson intervals", ReportQueries.ConversionAsync);
        MapReport(group, "/speed-to-lead", "SpeedToLeadReport", "Conversion by time from receipt to first touch (< 5 min … > 24 h, never)", ReportQueries.SpeedToLeadAsync);
        MapReport(group, "/heatmap", "HeatmapReport", "Leads and response times by weekday × hour received, in the team's local time", ReportQueries.HeatmapAsync);
        MapReport(group, "/capacity", "CapacityReport", "Per rep: open leads / capacity now, assigned in the period against the weighted share, over/under-loaded flags", ReportQueries.CapacityAsync);
        MapReport(group, "/flow", "FlowReport", "Routing flow source → treatment action → team: node and link counts", ReportQueries.FlowAsync);
        group.MapGet("/booking", (HttpRequest request, ReportServices services, CancellationToken ct) =>
                ReportAsync(request, services, (db, engine, filter, c) => ReportQueries.BookingAsync(db, engine, filter, services.Now, c), ct))
            .WithName("BookingReport")
            .WithSummary("Instant booking (issue 20): booking rate by source and segment with 95 % Wilson intervals, minutes to booked, held / no-show, conversion booked vs not");
        group.MapGet("/export.csv", ExportAsync)
            .WithName("ReviewExport")
            .WithSummary("Quarterly review CSV: one row per team and per rep with the figures of the reports");

        endpoints.MapGet(PageExportPath, PersonExportAsync)
            .RequireAuthorization(LeadRoutingPolicies.Manager)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>A report endpoint whose query needs nothing but the filter (the SLA report also takes "now", so it maps its own).</summary>
    private static void MapReport<T>(
        RouteGroupBuilder group, string path, string name, string summary,
        Func<IDbContextFactory<LeadRoutingDbContext>, RoutingEngine, ReportFilter, CancellationToken, Task<T>> report) =>
        group.MapGet(path, (HttpRequest request, ReportServices services, CancellationToken ct) => ReportAsync(request, services, report, ct))
            .WithName(name)
            .WithSummary(summary);

    internal static async Task<Results<Ok<T>, ValidationProblem>> ReportAsync<T>(
        HttpRequest request, ReportServices services, Func<IDbContextFactory<LeadRoutingDbContext>, RoutingEngine, ReportFilter, CancellationToken, Task<T>> report, CancellationToken cancellationToken)
    {
        var (engine, filter, problem) = await services.ReadFilterAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(await report(services.DbFactory, engine, filter!, cancellationToken));
    }

    internal static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(HttpRequest request, ReportServices services, CancellationToken cancellationToken)
    {
        var (engine, filter, problem) = await services.ReadFilterAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var csv = await QuarterlyReview.BuildAsync(services.DbFactory, engine, filter!, services.Now, cancellationToken);
        // With a byte-order mark, so spreadsheets read non-Latin names as UTF-8.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", QuarterlyReview.FileName(filter!));
    }

    /// <summary>
    /// The download of <c>/analytics</c>: the same figures in the person's culture (the request's, chosen by the localisation
    /// middleware — de-DE semicolon separated with decimal commas) and their zone, the header in their language.
    /// </summary>
    internal static async Task<Results<FileContentHttpResult, ValidationProblem>> PersonExportAsync(
        HttpRequest request, ReportServices services, IStringLocalizer<QuarterlyReviewText> text, CancellationToken cancellationToken)
    {
        var (engine, filter, problem) = await services.ReadFilterAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var user = SignedInUser.From(request.HttpContext.User);
        var dialect = ReviewCsvDialect.For(CultureInfo.CurrentCulture, text, PersonZone.For(engine.Configuration.Organisation, user?.TimeZone, user?.RepId, user?.Email));
        var csv = await QuarterlyReview.BuildAsync(services.DbFactory, engine, filter!, services.Now, dialect, cancellationToken);
        // With a byte-order mark, so Excel reads umlauts and non-Latin names as UTF-8.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", QuarterlyReview.FileName(filter!, dialect));
    }
}

/// <summary>What every report endpoint needs, injected as one.</summary>
public sealed class ReportServices(IDbContextFactory<LeadRoutingDbContext> dbFactory, ConfigurationStore configurations, TimeProvider time)
{
    public IDbContextFactory<LeadRoutingDbContext> DbFactory => dbFactory;

    /// <summary>The reports' "now": queued leads count as missed once their target has passed by then.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<(RoutingEngine Engine, ReportFilter? Filter, ValidationProblem? Problem)> ReadFilterAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var engine = (await configurations.CurrentAsync(cancellationToken)).Engine;
        var errors = new FieldErrors();
        var filter = ReportFilter.Read(name => request.Query.TryGetValue(name, out var value) ? value.ToString() : null, engine, time.GetUtcNow(), errors);
        return filter is null
            ? (engine, null, TypedResults.ValidationProblem(errors.ToDictionary(), title: "The report filter is not valid."))
            : (engine, filter, null);
    }
}
