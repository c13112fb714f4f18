using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Records.Query;
using Platform.Engine.Reports;
using Platform.Engine.Reports.Dashboards;
using Platform.Engine.Reports.Definitions;
using Platform.Engine.Reports.Export;
using Platform.Engine.Validation;
using Platform.Runtime.Auth;

namespace Platform.Runtime.Api;

/// <summary>
/// <c>/api/apps/{app}/reports</c> and <c>/dashboards</c>: definitions (published by admins as versions) and results, which anyone signed in may ask
/// for — each sees the records and fields their roles let them read, so the same report answers each viewer differently.
/// </summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/apps/{app}/reports").WithTags("Reports").RequireAuthorization().ProducesProblem(401);
        reports.MapGet("/", (string app, ReportService service, CancellationToken ct) => service.ListAsync(app, ct))
            .WithName("ListReports").WithSummary("The reports of an app");
        reports.MapGet("/{key}", GetAsync).WithName("GetReport").WithSummary("A report's current definition (or ?version=n), with its version")
            .Produces<JsonObject>().ProducesProblem(404);
        reports.MapPut("/{key}", PublishAsync).WithName("PublishReport").RequireAuthorization(AuthRegistration.AdminPolicy)
            .WithSummary("Publish a new version of a report; ?dryRun=true only checks it").Accepts<JsonObject>("application/json")
            .ProducesValidationProblem(422).ProducesProblem(403);
        reports.MapDelete("/{key}", DeleteAsync).WithName("DeleteReport").RequireAuthorization(AuthRegistration.AdminPolicy)
            .WithSummary("Remove a report (its versions are kept)").ProducesProblem(403).ProducesProblem(404);
        reports.MapGet("/{key}/result", ResultAsync).WithName("ReportResult")
            .WithSummary("A report's result for the caller: { columns, rows, totals, drill }; ?filter= (a record filter as JSON) narrows it further")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        reports.MapGet("/{key}/export.xlsx", ExportAsync).WithName("ExportReport")
            .WithSummary("A report's result for the caller as an Excel workbook (one formatted sheet); ?filter= as for the result")
            .Produces(200, contentType: ReportWorkbook.ContentType).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        reports.MapPost("/run", RunAsync).WithName("RunReport")
            .WithSummary("Run a report that is not saved ({ \"report\": {...}, \"filter\": {...} }), as the designer's preview does")
            .Accepts<JsonObject>("application/json").ProducesValidationProblem(422).ProducesProblem(403);

        var dashboards = app.MapGroup("/api/apps/{app}/dashboards").WithTags("Reports").RequireAuthorization().ProducesProblem(401);
        dashboards.MapGet("/", (string app, DashboardService service, CancellationToken ct) => service.ListAsync(app, ct))
            .WithName("ListDashboards").WithSummary("The dashboards of an app");
        dashboards.MapGet("/{key}", GetDashboardAsync).WithName("GetDashboard").WithSummary("A dashboard's current definition (or ?version=n), with its version")
            .Produces<JsonObject>().ProducesProblem(404);
        dashboards.MapPut("/{key}", PublishDashboardAsync).WithName("PublishDashboard").RequireAuthorization(AuthRegistration.AdminPolicy)
            .WithSummary("Publish a new version of a dashboard (reports on a 12-column grid, a shared filter); ?dryRun=true only checks it")
            .Accepts<JsonObject>("application/json").ProducesValidationProblem(422).ProducesProblem(403);
        dashboards.MapDelete("/{key}", DeleteDashboardAsync).WithName("DeleteDashboard").RequireAuthorization(AuthRegistration.AdminPolicy)
            .WithSummary("Remove a dashboard").ProducesProblem(403).ProducesProblem(404);
        dashboards.MapGet("/{key}/result", async (string app, string key, string? filter, HttpContext context, DashboardService service) =>
                TypedResults.Ok(await service.ResultAsync(app, key, await context.CallerAsync(), FilterParameter.FromQuery(filter), context.RequestAborted)))
            .WithName("DashboardResult").WithSummary("Every report of a dashboard for the caller, the shared filter and ?filter= applied where each report's form has the fields")
            .ProducesValidationProblem().ProducesProblem(404);
        dashboards.MapPost("/run", RunDashboardAsync).WithName("RunDashboard")
            .WithSummary("Run a dashboard that is not saved ({ \"dashboard\": {...}, \"filter\": {...} }), as the designer's preview does")
            .Accepts<JsonObject>("application/json").ProducesValidationProblem(422);
        dashboards.MapGet("/{key}/export.xlsx", ExportDashboardAsync).WithName("ExportDashboard")
            .WithSummary("A dashboard for the caller as an Excel workbook, a sheet per report").Produces(200, contentType: ReportWorkbook.ContentType).ProducesProblem(404);
        return app;
    }

    private static async Task<Ok<DashboardResult>> RunDashboardAsync(string app, HttpContext context, DashboardService service)
    {
        var (given, filter) = await PreviewBodyAsync(context, "dashboard");
        var dashboard = DashboardService.Read(given);
        return TypedResults.Ok(await service.PreviewAsync(app, dashboard with { Key = string.IsNullOrEmpty(dashboard.Key) ? "preview" : dashboard.Key },
            await context.CallerAsync(), filter, context.RequestAborted));
    }

    /// <summary>A preview's body: the unsaved definition under <paramref name="name"/> and an optional filter.</summary>
    private static async Task<(JsonElement Definition, Filter? Filter)> PreviewBodyAsync(HttpContext context, string name)
    {
        var body = await RequestJson.ReadAsync(context);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(name, out var given) || given.ValueKind != JsonValueKind.Object)
            throw new DefinitionRejectedException([new(name, "type.object")]);
        return (given, body.TryGetProperty("filter", out var json) ? FilterParameter.From(json) : null);
    }

    private static async Task<IResult> ExportAsync(string app, string key, string? filter, HttpContext context, ReportService service)
    {
        var file = new MemoryStream();
        await service.ExportAsync(app, key, await context.CallerAsync(), FilterParameter.FromQuery(filter), file, context.RequestAborted);
        return Results.File(file.ToArray(), ReportWorkbook.ContentType, key + ".xlsx");
    }

    private static async Task<IResult> ExportDashboardAsync(string app, string key, string? filter, HttpContext context, DashboardService service)
    {
        var file = new MemoryStream();
        await service.ExportAsync(app, key, await context.CallerAsync(), FilterParameter.FromQuery(filter), file, context.RequestAborted);
        return Results.File(file.ToArray(), ReportWorkbook.ContentType, key + ".xlsx");
    }

    private static async Task<IResult> GetDashboardAsync(string app, string key, int? version, DashboardService service, CancellationToken ct)
    {
        var (definition, current) = await service.GetAsync(app, key, version, ct);
        var json = JsonSerializer.SerializeToNode(definition, DashboardService.Options)!.AsObject();
        json["version"] = current;
        return Results.Text(json.ToJsonString(DashboardService.Options), "application/json");
    }

    private static async Task<Ok<PublishedReport>> PublishDashboardAsync(string app, string key, bool? dryRun, HttpContext context, DashboardService service)
    {
        var json = await RequestJson.KeyedAsync(context, key);
        var version = await service.PublishAsync(app, DashboardService.Read(json), dryRun ?? false, context.UserId(), context.RequestAborted);
        return TypedResults.Ok(new PublishedReport(key, version, dryRun ?? false));
    }

    private static async Task<NoContent> DeleteDashboardAsync(string app, string key, DashboardService service, CancellationToken ct)
    {
        await service.DeleteAsync(app, key, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> GetAsync(string app, string key, int? version, ReportService service, CancellationToken ct)
    {
        var current = await service.GetAsync(app, key, version, ct);
        var json = JsonSerializer.SerializeToNode(current.Definition, ReportTypes.Options)!.AsObject();
        json["version"] = current.Version;
        return Results.Text(json.ToJsonString(ReportTypes.Options), "application/json");
    }

    private static async Task<Ok<PublishedReport>> PublishAsync(string app, string key, bool? dryRun, HttpContext context, ReportService service)
    {
        var report = ReportService.Read(await RequestJson.KeyedAsync(context, key));
        var version = await service.PublishAsync(app, report, dryRun ?? false, context.UserId(), context.RequestAborted);
        return TypedResults.Ok(new PublishedReport(key, version, dryRun ?? false));
    }

    private static async Task<NoContent> DeleteAsync(string app, string key, ReportService service, CancellationToken ct)
    {
        await service.DeleteAsync(app, key, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ReportResult>> ResultAsync(string app, string key, string? filter, HttpContext context, ReportService service) =>
        TypedResults.Ok(await service.ResultAsync(app, key, await context.CallerAsync(), FilterParameter.FromQuery(filter), context.RequestAborted));

    private static async Task<Ok<ReportResult>> RunAsync(string app, HttpContext context, ReportService service)
    {
        var (given, filter) = await PreviewBodyAsync(context, "report");
        var report = ReportService.Read(given);
        return TypedResults.Ok(await service.PreviewAsync(app, report, await context.CallerAsync(), filter, context.RequestAborted));
    }


}

/// <summary>The version a report was published as (or would be, in a dry run).</summary>
public sealed record PublishedReport(string Key, int Version, bool DryRun);
