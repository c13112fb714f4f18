using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Packages;
using Platform.Engine.Validation;
using Platform.Runtime.Auth;

namespace Platform.Runtime.Api;

/// <summary>
/// Apps as packages: <c>GET /api/apps/{app}/package</c> writes an app's definitions as one JSON package;
/// <c>POST /api/packages/import?dryRun=true&amp;app=key</c> checks a package and lists what it would add, or installs it as a new app.
/// </summary>
public static class PackagesApi
{
    public static IEndpointRouteBuilder MapPackagesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/apps/{app}/package", ExportAsync).WithTags("Packages").RequireAuthorization(AuthRegistration.AdminPolicy).WithName("ExportPackage")
            .WithSummary("The app as a package: manifest, forms, roles and permissions, workflows, reports, dashboards").Produces<JsonObject>()
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        app.MapPost("/api/packages/import", ImportAsync).WithTags("Packages").RequireAuthorization(AuthRegistration.AdminPolicy).WithName("ImportPackage")
            .WithSummary("Install a package as a new app (?app= another key than the package's); ?dryRun=true checks it and lists what it would add")
            .Accepts<JsonObject>("application/json").Produces<PackageImport>(201).Produces<PackageImport>()
            .ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(409);
        return app;
    }

    private static async Task<IResult> ExportAsync(string app, HttpContext context, PackageService packages)
    {
        var package = await packages.ExportAsync(app, await context.CallerAsync(), context.RequestAborted);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{app}-{package["manifest"]?["version"]}.json\"";
        return Results.Text(package.ToJsonString(), "application/json", System.Text.Encoding.UTF8);
    }

    private static async Task<Results<Created<PackageImport>, Ok<PackageImport>>> ImportAsync(bool? dryRun, string? app, HttpContext context, PackageService packages)
    {
        var body = await RequestJson.ReadAsync(context);
        if (JsonNode.Parse(body.GetRawText()) is not JsonObject package) throw new ValidationFailedException([new("body", "type.object")]);
        var result = await packages.ImportAsync(package, app, dryRun ?? false, await context.CallerAsync(), ct: context.RequestAborted);
        return result.DryRun ? TypedResults.Ok(result) : TypedResults.Created($"/api/apps/{result.App}", result);
    }
}
