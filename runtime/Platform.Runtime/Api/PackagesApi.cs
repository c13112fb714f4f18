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
            .WithSummary("The app as a package: manifest, forms, roles and permissions, workflows, reports, dashboards; ?data=true adds its records; ?format=zip for one file per part").Produces<JsonObject>()
            .Produces(200, contentType: "application/zip")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        app.MapPost("/api/packages/import", ImportAsync).WithTags("Packages").RequireAuthorization(AuthRegistration.AdminPolicy).WithName("ImportPackage").DisableAntiforgery()
            .WithSummary("Install a package as a new app (?app= another key than the package's), or upgrade the app installed from it; ?dryRun=true lists " +
                         "what it would add, change, remove, conflict with the app's own changes and lose; ?confirmDataLoss=true, ?overwrite=true")
            .Accepts<JsonObject>("application/json", "application/zip", "multipart/form-data").Produces<PackageImport>(201).Produces<PackageImport>().ProducesProblem(413)
            .ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(409);
        return app;
    }

    private static async Task<IResult> ExportAsync(string app, string? format, bool? data, HttpContext context, PackageService packages)
    {
        var package = await packages.ExportAsync(app, await context.CallerAsync(), context.RequestAborted, withData: data ?? false);
        var name = $"{app}-{package["manifest"]?["version"]}";
        if (format != "zip") return Results.File(System.Text.Encoding.UTF8.GetBytes(package.ToJsonString()), "application/json", name + ".json");
        using var zip = new MemoryStream();
        PackageFile.WriteZip(package, zip);
        return Results.File(zip.ToArray(), "application/zip", name + ".zip");
    }

    private static async Task<Results<Created<PackageImport>, Ok<PackageImport>>> ImportAsync(bool? dryRun, string? app, bool? confirmDataLoss, bool? overwrite,
        HttpContext context, PackageService packages)
    {
        JsonObject package;
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
            package = JsonNode.Parse((await RequestJson.ReadAsync(context)).GetRawText()) as JsonObject ?? throw new ValidationFailedException([new("body", "type.object")]);
        else package = await UploadAsync(context, packages);
        var result = await packages.ImportAsync(package, app, dryRun ?? false, await context.CallerAsync(), confirmDataLoss: confirmDataLoss ?? false,
            overwrite: overwrite ?? false, ct: context.RequestAborted);
        return result.DryRun || result.Changes.All(c => c.Part != "app") ? TypedResults.Ok(result) : TypedResults.Created($"/api/apps/{result.App}", result);
    }

    /// <summary>A package sent as a file: the body itself (a zip, or JSON under another type), or a multipart form's <c>file</c>; read within the package limit.</summary>
    private static async Task<JsonObject> UploadAsync(HttpContext context, PackageService packages)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = PackageFile.MaxBytes;
        if (context.Request.ContentLength > PackageFile.MaxBytes) throw new TooLargeException("package.tooLarge", PackageFile.MaxBytes / (1024 * 1024));
        using var file = new MemoryStream();
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var upload = form.Files.GetFile("file") ?? throw new ValidationFailedException([new("file", "required")]);
            await using var stream = upload.OpenReadStream();
            await stream.CopyToAsync(file, context.RequestAborted);
        }
        else await context.Request.Body.CopyToAsync(file, context.RequestAborted);
        file.Position = 0;
        return packages.Read(file);
    }
}
