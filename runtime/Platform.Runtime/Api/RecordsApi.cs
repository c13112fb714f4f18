using Platform.Engine.Models;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Apps;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;

namespace Platform.Runtime.Api;

/// <summary><c>/api/apps/{app}/forms/{form}/records</c>: create, read, patch, delete, restore, query, history.</summary>
public static class RecordsApi
{
    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder app)
    {
        var records = app.MapGroup("/api/apps/{app}/forms/{form}/records").WithTags("Records").RequireAuthorization();
        records.MapPost("/", CreateAsync).WithName("CreateRecord").WithSummary("Create a record").ProducesValidationProblem();
        records.MapPost("/batch", BatchAsync).WithName("CreateRecords").WithSummary("Create up to 1,000 records, all or nothing").ProducesValidationProblem();
        records.MapPost("/query", QueryAsync).WithName("QueryRecords").WithSummary("Filter, sort, page and count records").ProducesValidationProblem();
        records.MapGet("/{id:long}", GetAsync).WithName("GetRecord").WithSummary("Get a record").ProducesProblem(404);
        records.MapPatch("/{id:long}", UpdateAsync).WithName("UpdateRecord")
            .WithSummary("Change some fields; send the version you edited in If-Match or a version property").ProducesValidationProblem().ProducesProblem(409);
        records.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteRecord").WithSummary("Move a record to the recycle bin").ProducesProblem(404);
        records.MapPost("/{id:long}/restore", RestoreAsync).WithName("RestoreRecord").WithSummary("Bring a deleted record back").ProducesProblem(409);
        records.MapGet("/{id:long}/history", HistoryAsync).WithName("RecordHistory").WithSummary("Every change of a record, oldest first");
        return app;
    }

    private static async Task<IResult> CreateAsync(string app, string form, HttpContext context, FormService forms, RecordService records)
    {
        var body = await RequestJson.ReadAsync(context);
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return Answer(context, model, await records.CreateAsync(model, body, context.Records(), context.RequestAborted), 201);
    }

    private static async Task<IResult> BatchAsync(string app, string form, HttpContext context, FormService forms, RecordService records)
    {
        var body = await RequestJson.ReadAsync(context);
        var items = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("records", out var list) ? list : body;
        if (items.ValueKind != JsonValueKind.Array) throw new ValidationFailedException([new("records", "type.array")]);
        if (items.GetArrayLength() is 0 || items.GetArrayLength() > records.Options.MaxBatchSize)
            throw new ValidationFailedException([new("records", "batch.size", records.Options.MaxBatchSize)]);
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var payloads = items.EnumerateArray().ToList();
        var created = await records.CreateManyAsync(model, payloads, context.Records(), context.RequestAborted);
        return Results.Json(new JsonObject { ["items"] = new JsonArray(created.Select(r => (JsonNode)RecordJson.ToJson(model, r)).ToArray()) }, statusCode: 201);
    }

    private static async Task<IResult> QueryAsync(string app, string form, HttpContext context, FormService forms, RecordService records)
    {
        var request = QueryJson.Parse(await RequestJson.ReadAsync(context));
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var result = await records.QueryAsync(model, request, context.Records(), context.RequestAborted);
        var json = new JsonObject
        {
            ["items"] = new JsonArray(result.Items.Select(r => (JsonNode)Project(RecordJson.ToJson(model, r), request.Fields)).ToArray()),
            ["next"] = result.Next,
        };
        if (result.Total is { } total) json["total"] = total;
        return Results.Json(json);
    }

    private static async Task<IResult> GetAsync(string app, string form, long id, HttpContext context, FormService forms, RecordService records)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return Answer(context, model, await records.GetAsync(model, id, context.Records(), context.RequestAborted));
    }

    private static async Task<IResult> UpdateAsync(string app, string form, long id, HttpContext context, FormService forms, RecordService records)
    {
        var body = await RequestJson.ReadAsync(context);
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return Answer(context, model, await records.UpdateAsync(model, id, body, IfMatch(context), context.Records(), context.RequestAborted));
    }

    private static async Task<IResult> DeleteAsync(string app, string form, long id, HttpContext context, FormService forms, RecordService records)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        await records.DeleteAsync(model, id, IfMatch(context), context.Records(), context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RestoreAsync(string app, string form, long id, HttpContext context, FormService forms, RecordService records)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return Answer(context, model, await records.RestoreAsync(model, id, context.Records(), context.RequestAborted));
    }

    private static async Task<IResult> HistoryAsync(string app, string form, long id, HttpContext context, FormService forms, RecordService records)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var history = await records.HistoryAsync(model, id, context.Records(), context.RequestAborted);
        return Results.Json(new JsonArray(history.Select(h => (JsonNode)new JsonObject
        {
            ["id"] = h.Id, ["kind"] = h.Kind, ["version"] = h.Version, ["userId"] = h.UserId,
            ["at"] = Platform.Engine.Values.DateTimeCodec.Format(h.At),
            ["changes"] = new JsonArray(h.Changes.Select(c => (JsonNode)new JsonObject
            {
                ["field"] = c.Field, ["old"] = c.Old?.DeepClone(), ["new"] = c.New?.DeepClone(),
            }).ToArray()),
        }).ToArray()));
    }

    private static JsonObject Project(JsonObject record, IReadOnlyList<string>? fields)
    {
        if (fields is null) return record;
        foreach (var key in record.Select(p => p.Key).ToList())
            if (!fields.Contains(key) && key is not ("id" or "version")) record.Remove(key);
        return record;
    }

    /// <summary>A record as the answer, with its version as the ETag for the next If-Match.</summary>
    private static IResult Answer(HttpContext context, Platform.Engine.Models.FormModel model, RecordData record, int status = 200)
    {
        context.Response.Headers.ETag = ETag(record);
        return Results.Json(RecordJson.ToJson(model, record), statusCode: status);
    }

    private static string ETag(RecordData record) => $"\"{record.Version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The version in If-Match: <c>"3"</c>, <c>W/"3"</c> or <c>3</c>.</summary>
    private static long? IfMatch(HttpContext context)
    {
        var header = context.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0) return null;
        var text = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return long.TryParse(text.Trim('"'), CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw new ValidationFailedException([new("If-Match", "version.required")]);
    }
}
