using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Apps;
using Platform.Engine.Sheets.Import;
using Platform.Engine.Validation;

namespace Platform.Runtime.Api;

/// <summary>
/// <c>/api/apps/{app}/forms/{form}/imports</c>: upload an <c>.xlsx</c> or <c>.csv</c> (multipart, with the mapping and mode as
/// form fields) and follow the job it starts; its error report; cancel it. <c>…/imports/preview</c> shows what a file would be
/// imported as, keeping nothing.
/// </summary>
public static class ImportsApi
{
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/apps/{app}/forms/{form}/imports").WithTags("Records").RequireAuthorization().ProducesProblem(401).ProducesProblem(403);
        imports.MapPost("/", StartAsync).WithName("StartImport").DisableAntiforgery()
            .WithSummary("Import a sheet (multipart: file; mapping as JSON {heading: field}, else the suggestion; mode insert|upsert|update; key; onError skip|abort; " +
                         "workflows true|false) → 202 and the import job")
            .Accepts<IFormFile>("multipart/form-data").Produces<ImportInfo>(202).ProducesValidationProblem().ProducesProblem(413).ProducesProblem(404);
        imports.MapPost("/preview", PreviewAsync).WithName("PreviewImport").DisableAntiforgery()
            .WithSummary("What a sheet would be imported as (multipart: file): headings, the suggested field of each, the first rows; nothing is kept")
            .Accepts<IFormFile>("multipart/form-data").Produces<ImportPreview>().ProducesValidationProblem().ProducesProblem(413).ProducesProblem(404);
        imports.MapGet("/{id:long}", async (string app, string form, long id, HttpContext context, FormService forms, ImportService service) =>
                TypedResults.Ok(await service.GetAsync(await forms.GetModelAsync(app, form, context.RequestAborted), id, await context.CallerAsync(), context.RequestAborted)))
            .WithName("GetImport").WithSummary("An import: status, rows read of total, created, updated, failed, rows a second, seconds left").ProducesProblem(404);
        imports.MapGet("/{id:long}/errors.xlsx", ErrorsAsync).WithName("ImportErrors")
            .WithSummary("The rows that failed, as they were, with their row number and errors in the caller's language: fix and import again")
            .Produces(200, contentType: Platform.Engine.Sheets.RecordExport.XlsxType).ProducesProblem(404);
        imports.MapPost("/{id:long}/cancel", async (string app, string form, long id, HttpContext context, FormService forms, ImportService service) =>
                TypedResults.Ok(await service.CancelAsync(await forms.GetModelAsync(app, form, context.RequestAborted), id, await context.CallerAsync(), context.RequestAborted)))
            .WithName("CancelImport").WithSummary("Stop an import after the batch it is writing; what it wrote stays").ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<Accepted<ImportInfo>> StartAsync(string app, string form, HttpContext context, FormService forms, ImportService service)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var upload = await FormAsync(context, service.Options);
        var file = upload.Files.GetFile("file") ?? throw new ValidationFailedException([new("file", "required")]);
        var settings = new ImportSettings
        {
            Mode = upload["mode"] is { Count: > 0 } mode ? mode.ToString() : ImportModes.Insert,
            Key = upload["key"] is { Count: > 0 } key ? key.ToString() : null,
            OnError = upload["onError"] is { Count: > 0 } onError ? onError.ToString() : ImportModes.Skip,
            Workflows = upload["workflows"] is { Count: > 0 } workflows && (bool.TryParse(workflows, out var yes) ? yes : throw new ValidationFailedException([new("workflows", "type.boolean")])),
            Mapping = upload["mapping"] is { Count: > 0 } mapping ? Mapping(mapping.ToString()) : null,
        };
        await using var stream = file.OpenReadStream();
        var info = await service.StartAsync(model, stream, file.FileName, settings, await context.CallerAsync(), context.RequestAborted);
        return TypedResults.Accepted($"/api/apps/{app}/forms/{form}/imports/{info.Id}", info);
    }

    private static async Task<Ok<ImportPreview>> PreviewAsync(string app, string form, HttpContext context, FormService forms, ImportService service)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var upload = await FormAsync(context, service.Options);
        var file = upload.Files.GetFile("file") ?? throw new ValidationFailedException([new("file", "required")]);
        await using var stream = file.OpenReadStream();
        return TypedResults.Ok(await service.PreviewAsync(model, stream, file.FileName, await context.CallerAsync(), context.RequestAborted));
    }

    private static async Task ErrorsAsync(string app, string form, long id, HttpContext context, FormService forms, ImportService service)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var caller = await context.CallerAsync();
        await service.GetAsync(model, id, caller, context.RequestAborted);
        context.Response.ContentType = Platform.Engine.Sheets.RecordExport.XlsxType;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"import-{id}-errors.xlsx\"";
        await service.WriteErrorsAsync(model, id, caller, context.Response.Body, context.RequestAborted);
    }

    /// <summary>The multipart form, allowed up to the import's file limit and a megabyte for the form's other fields.</summary>
    private static Task<IFormCollection> FormAsync(HttpContext context, ImportOptions options) =>
        Multipart.ReadAsync(context, options.MaxFileBytes + 1024 * 1024, valueCountLimit: 64,
            new TooLargeException("import.tooLarge", options.MaxFileBytes / (1024 * 1024)));

    private static IReadOnlyDictionary<string, string?> Mapping(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? throw new ValidationFailedException([new("mapping", "type.object")]);
        }
        catch (JsonException)
        {
            throw new ValidationFailedException([new("mapping", "type.object")]);
        }
    }
}
