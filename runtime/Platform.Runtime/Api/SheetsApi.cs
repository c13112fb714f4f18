using Platform.Engine.Apps;
using Platform.Engine.Records.Query;
using Platform.Engine.Sheets;

namespace Platform.Runtime.Api;

/// <summary>
/// Spreadsheets of a form: <c>…/records/export</c> (its records as the caller sees them, streamed as <c>.xlsx</c> or <c>.csv</c>)
/// and <c>…/import-template.xlsx</c> (the sheet to fill in for an import).
/// </summary>
public static class SheetsApi
{
    public static IEndpointRouteBuilder MapSheetsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/apps/{app}/forms/{form}/import-template.xlsx", TemplateAsync).WithTags("Records").RequireAuthorization()
            .WithName("ImportTemplate").WithSummary("The sheet to fill in for an import: headings in the caller's language, an example row, drop-downs for choices")
            .Produces(200, contentType: ImportTemplate.ContentType).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        app.MapGet("/api/apps/{app}/forms/{form}/records/export", ExportAsync).WithTags("Records").RequireAuthorization()
            .WithName("ExportRecords")
            .WithSummary("Records as .xlsx or .csv (?format=xlsx|csv&filter=<JSON>&sort=name,-amount&fields=name,amount): typed cells, headings and labels in the caller's language")
            .Produces(200, contentType: RecordExport.XlsxType).ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task ExportAsync(string app, string form, string? format, string? filter, string? sort, string? fields, HttpContext context,
        FormService forms, RecordExport export)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var request = new ExportRequest(FilterParameter.FromQuery(filter), Sort(sort), fields?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            format ?? "xlsx");
        // Headers first; an error before the first byte is written still becomes a problem (the response is cleared).
        var csv = request.Format == "csv";
        context.Response.ContentType = csv ? RecordExport.CsvType : RecordExport.XlsxType;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{form}.{(csv ? "csv" : "xlsx")}\"";
        await export.WriteAsync(model, request, await context.CallerAsync(), context.Response.Body, context.RequestAborted);
    }


    private static async Task<IResult> TemplateAsync(string app, string form, HttpContext context, FormService forms, TimeProvider clock)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var file = new MemoryStream();
        ImportTemplate.Write(model, await context.CallerAsync(), clock.GetUtcNow().UtcDateTime, file);
        return Results.File(file.ToArray(), ImportTemplate.ContentType, form + "-import.xlsx");
    }

    /// <summary><c>name,-amount</c>: by name, then by amount largest first.</summary>
    private static IReadOnlyList<SortKey> Sort(string? sort) =>
        (sort ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(key => key.StartsWith('-') ? new SortKey(key[1..], true) : new SortKey(key, false)).ToList();
}
