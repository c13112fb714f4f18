using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Platform.Engine.Apps;
using Platform.Engine.Files;
using Platform.Engine.Validation;

namespace Platform.Runtime.Api;

/// <summary>
/// <c>POST /api/files</c>: upload a file (multipart, <c>file</c>) and get what an attachment field stores; download it as its
/// uploader (<c>/api/files/{hash}</c>) or through a record that links it (<c>…/records/{id}/files/{hash}</c>), where the
/// record's rights apply. Nothing is served as something a browser would run.
/// </summary>
public static class FilesApi
{
    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/api/files").WithTags("Files").RequireAuthorization().ProducesProblem(401);
        files.MapPost("/", UploadAsync).WithName("UploadFile").DisableAntiforgery()
            .WithSummary("Upload a file (multipart: file) → 201 { name, url, size, contentType } to put in an attachment field; the type is read from its bytes")
            .Accepts<IFormFile>("multipart/form-data").Produces<StoredFile>(201).ProducesValidationProblem().ProducesProblem(413);
        files.MapGet("/{hash}", async (string hash, HttpContext context, FileStore store) =>
                await SendAsync(context, await store.OpenOwnAsync(hash, await context.CallerAsync(), context.RequestAborted)))
            .WithName("OwnFile").WithSummary("A file one uploaded oneself, before a record links it")
            .Produces(200, contentType: "application/octet-stream").ProducesProblem(404);
        app.MapGet("/api/apps/{app}/forms/{form}/records/{id:long}/files/{hash}", async (string app, string form, long id, string hash, HttpContext context,
                FormService forms, RecordFiles recordFiles) =>
            {
                var model = await forms.GetModelAsync(app, form, context.RequestAborted);
                await SendAsync(context, await recordFiles.OpenAsync(model, id, hash, await context.CallerAsync(), context.RequestAborted));
            })
            .WithTags("Files").RequireAuthorization().WithName("RecordFile")
            .WithSummary("A file a record links, for whoever may read that record's field, under the name the record gives it").Produces(200, contentType: "application/octet-stream").ProducesProblem(401).ProducesProblem(404);
        return app;
    }

    private static async Task<Created<StoredFile>> UploadAsync(HttpContext context, FileStore store)
    {
        // The file's own limit, with room for the multipart framing.
        var upload = await Multipart.ReadAsync(context, store.Options.MaxFileBytes + 64 * 1024, valueCountLimit: 16,
            new TooLargeException("file.tooLarge", store.Megabytes));
        var file = upload.Files.GetFile("file") ?? throw new ValidationFailedException([new("file", "required")]);
        await using var stream = file.OpenReadStream();
        var stored = await store.SaveAsync(stream, file.FileName, await context.CallerAsync(), context.RequestAborted);
        return TypedResults.Created("/api" + stored.Url, stored);
    }

    /// <summary>
    /// Sends a file typed as its bytes were read, never sniffed again by the browser, in a sandbox without scripts; only a
    /// raster image is shown in the page, everything else is saved under its name.
    /// </summary>
    private static async Task SendAsync(HttpContext context, FileDownload file)
    {
        await using var content = file.Content;
        var headers = context.Response.Headers;
        headers.ContentType = file.ContentType;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, max-age=3600";
        var disposition = new ContentDispositionHeaderValue(file.Inline ? "inline" : "attachment");
        disposition.SetHttpFileName(file.Name);
        headers.ContentDisposition = disposition.ToString();
        context.Response.ContentLength = file.Size;
        await content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
