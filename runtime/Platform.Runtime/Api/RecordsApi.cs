using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Apps;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;

namespace Platform.Runtime.Api;

/// <summary><c>/api/apps/{app}/forms/{form}/records</c>: create, read, patch, delete, restore, query, history.</summary>
public static class RecordsApi
{
    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder app)
    {
        var records = app.MapGroup("/api/apps/{app}/forms/{form}/records").WithTags("Records").RequireAuthorization().ProducesProblem(401);
        records.MapPost("/", CreateAsync).WithName("CreateRecord").WithSummary("Create a record")
            .Accepts<JsonObject>("application/json").ProducesValidationProblem().ProducesProblem(404).ProducesProblem(415);
        records.MapPost("/batch", BatchAsync).WithName("CreateRecords").WithSummary("Create up to 1,000 records, all or nothing")
            .Accepts<JsonArray>("application/json").ProducesValidationProblem().ProducesProblem(404);
        records.MapPatch("/batch", UpdateManyAsync).WithName("UpdateRecords")
            .WithSummary("Change up to 1,000 records, all or nothing: { \"records\": [ { \"id\": 1, \"version\": 3, \"values\": { … } } ] }, each with the version its editor saw")
            .Accepts<JsonObject>("application/json").Produces<RecordList>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        records.MapPost("/batch/delete", DeleteManyAsync).WithName("DeleteRecords")
            .WithSummary("Move up to 1,000 records to the recycle bin, all or nothing: { \"ids\": [1, 2] }")
            .Accepts<JsonObject>("application/json").Produces(204).ProducesValidationProblem().ProducesProblem(404);
        records.MapPost("/query", QueryAsync).WithName("QueryRecords").WithSummary("Filter, search, sort, page and count records")
            .Accepts<JsonObject>("application/json").ProducesValidationProblem().ProducesProblem(404);
        records.MapGet("/{id:long}", GetAsync).WithName("GetRecord").WithSummary("Get a record").ProducesProblem(404);
        records.MapPatch("/{id:long}", UpdateAsync).WithName("UpdateRecord")
            .WithSummary("Change some fields; send the version you edited in If-Match or a version property")
            .Accepts<JsonObject>("application/json").ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        records.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteRecord").WithSummary("Move a record to the recycle bin").ProducesProblem(404).ProducesProblem(409);
        records.MapPost("/{id:long}/restore", RestoreAsync).WithName("RestoreRecord").WithSummary("Bring a deleted record back").ProducesProblem(404).ProducesProblem(409);
        records.MapPost("/{id:long}/claim", ClaimAsync).WithName("ClaimRecord")
            .WithSummary("Take a record from the public pool as its owner (roles with the claim action)").ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        records.MapGet("/{id:long}/history", HistoryAsync).WithName("RecordHistory").WithSummary("Every change of a record, oldest first").ProducesProblem(404);
        records.MapPost("/{id:long}/return", ReturnAsync).WithName("ReturnRecord")
            .WithSummary("Give a record back to the public pool (its owner; body: { \"reason\": \"...\" })").ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        records.MapGet("/{id:long}/pool", PoolAsync).WithName("RecordPool").WithSummary("A record's way through the public pool, oldest first").ProducesProblem(404);
        records.MapGet("/{id:long}/stages", StagesAsync).WithName("RecordStages").WithSummary("Every move of a record's stage, oldest first").ProducesProblem(404);
        records.MapPost("/{id:long}/churn/responses", RespondToChurnAsync).WithName("RespondToChurn")
            .WithSummary("The owner answers the record's churn warning: { \"note\": \"still in contact: …\" }; it is snoozed and the answer kept")
            .ProducesProblem(403).ProducesProblem(409).ProducesValidationProblem();
        records.MapGet("/{id:long}/churn/responses", ChurnResponsesAsync).WithName("ChurnResponses").WithSummary("The answers to the record's churn warnings, oldest first")
            .ProducesProblem(404);
        records.MapGet("/{id:long}/tags", TagsAsync).WithName("RecordTags").WithSummary("Every tag the form's tag rules put on or took off the record, oldest first")
            .ProducesProblem(404);
        return app;
    }

    private static async Task<Created<JsonObject>> CreateAsync(string app, string form, HttpContext context, FormService forms, RecordService records)
    {
        var body = await RequestJson.ReadAsync(context);
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var record = await records.CreateAsync(model, body, await context.CallerAsync(), context.RequestAborted);
        return TypedResults.Created($"{context.Request.Path.Value?.TrimEnd('/')}/{record.Id}", Answer(context, model, record));
    }

    private static async Task<Created<RecordList>> BatchAsync(string app, string form, HttpContext context, FormService forms, RecordService records)
    {
        var body = await RequestJson.ReadAsync(context);
        var items = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("records", out var list) ? list : body;
        if (items.ValueKind != JsonValueKind.Array) throw new ValidationFailedException([new("records", "type.array")]);
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var created = await records.CreateManyAsync(model, items.EnumerateArray().ToList(), await context.CallerAsync(), context.RequestAborted);
        return TypedResults.Created((string?)null, new RecordList(created.Select(r => Json(context, model, r)).ToList()));
    }

    private static async Task<Ok<RecordList>> UpdateManyAsync(string app, string form, HttpContext context, FormService forms, RecordService records)
    {
        var body = await RequestJson.ReadAsync(context);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("records", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new ValidationFailedException([new("records", "type.array")]);
        var errors = new List<ValidationError>();
        var patches = list.EnumerateArray().Select((item, i) => Patch(item, $"records[{i}]", errors)).ToList();
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var changed = await records.UpdateManyAsync(model, patches!, await context.CallerAsync(), context.RequestAborted);
        return TypedResults.Ok(new RecordList(changed.Select(r => Json(context, model, r)).ToList()));
    }

    // One item of a bulk change: its id, the version the editor saw (optional) and the values to set.
    private static RecordPatch? Patch(JsonElement item, string path, List<ValidationError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object) return Fail(errors, path, "type.object");
        if (!item.TryGetProperty("id", out var id) || !id.TryGetInt64(out var recordId) || recordId < 1) return Fail(errors, $"{path}.id", "type.id");
        long? version = null;
        if (item.TryGetProperty("version", out var seen) && seen.ValueKind != JsonValueKind.Null)
            version = seen.ValueKind == JsonValueKind.Number && seen.TryGetInt64(out var v) && v > 0 ? v : Fail<long?>(errors, $"{path}.version", "type.id");
        if (!item.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Object) return Fail(errors, $"{path}.values", "type.object");
        return new RecordPatch(recordId, values, version);
    }

    private static RecordPatch? Fail(List<ValidationError> errors, string path, string code) => Fail<RecordPatch?>(errors, path, code);

    private static T Fail<T>(List<ValidationError> errors, string path, string code)
    {
        errors.Add(new(path, code));
        return default!;
    }

    private static async Task<NoContent> DeleteManyAsync(string app, string form, HttpContext context, FormService forms, RecordService records)
    {
        var body = await RequestJson.ReadAsync(context);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("ids", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new ValidationFailedException([new("ids", "type.array")]);
        var ids = list.EnumerateArray().Select((id, i) => id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var value) && value > 0
            ? value : throw new ValidationFailedException([new($"ids[{i}]", "type.id")])).ToList();
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        await records.DeleteManyAsync(model, ids, await context.CallerAsync(), context.RequestAborted);
        await context.AuditAsync("records.deleted", $"{app}/{form}", new { ids });
        return TypedResults.NoContent();
    }

    private static async Task<Ok<RecordPage>> QueryAsync(string app, string form, HttpContext context, FormService forms, RecordService records)
    {
        var request = QueryJson.Parse(await RequestJson.ReadAsync(context));
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var result = await records.QueryAsync(model, request, await context.CallerAsync(), context.RequestAborted);
        return TypedResults.Ok(new RecordPage(result.Items.Select(r => new RecordAnswer(model, r, request.Fields)).ToList(), result.Next, result.Total));
    }

    private static async Task<Ok<JsonObject>> GetAsync(string app, string form, long id, HttpContext context, FormService forms, RecordService records)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return TypedResults.Ok(Answer(context, model, await records.GetAsync(model, id, await context.CallerAsync(), context.RequestAborted)));
    }

    private static async Task<Ok<JsonObject>> UpdateAsync(string app, string form, long id, HttpContext context, FormService forms, RecordService records)
    {
        var body = await RequestJson.ReadAsync(context);
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return TypedResults.Ok(Answer(context, model, await records.UpdateAsync(model, id, body, IfMatch(context), await context.CallerAsync(), context.RequestAborted)));
    }

    private static async Task<NoContent> DeleteAsync(string app, string form, long id, HttpContext context, FormService forms, RecordService records)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        await records.DeleteAsync(model, id, IfMatch(context), await context.CallerAsync(), context.RequestAborted);
        await context.AuditAsync("record.deleted", $"{app}/{form}/{id}");
        return TypedResults.NoContent();
    }

    private static async Task<Ok<JsonObject>> RestoreAsync(string app, string form, long id, HttpContext context, FormService forms, RecordService records)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return TypedResults.Ok(Answer(context, model, await records.RestoreAsync(model, id, await context.CallerAsync(), context.RequestAborted)));
    }

    private static async Task<Ok<JsonObject>> ClaimAsync(string app, string form, long id, HttpContext context, FormService forms, RecordService records)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return TypedResults.Ok(Answer(context, model, await records.ClaimAsync(model, id, await context.CallerAsync(), context.RequestAborted)));
    }

    private static async Task<Ok<JsonObject>> ReturnAsync(string app, string form, long id, HttpContext context, FormService forms, RecordService records)
    {
        var body = context.Request.ContentLength is > 0 ? await RequestJson.ReadAsync(context) : default;
        var reason = body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("reason", out var given)
            ? given.ValueKind is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Null
                ? given.GetString()
                : throw new ValidationFailedException([new("reason", "type.text")])
            : null;
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return TypedResults.Ok(Answer(context, model, await records.ReturnAsync(model, id, reason, await context.CallerAsync(), context.RequestAborted)));
    }

    private static async Task<Ok<IReadOnlyList<PoolMoveAnswer>>> PoolAsync(string app, string form, long id, HttpContext context, FormService forms,
        RecordService records)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return TypedResults.Ok<IReadOnlyList<PoolMoveAnswer>>((await records.PoolHistoryAsync(model, id, await context.CallerAsync(), context.RequestAborted))
            .Select(PoolMoveAnswer.Of).ToList());
    }

    private static async Task<Ok<IReadOnlyList<StageMoveAnswer>>> StagesAsync(string app, string form, long id, HttpContext context, FormService forms,
        RecordService records)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return TypedResults.Ok<IReadOnlyList<StageMoveAnswer>>((await records.StagesAsync(model, id, await context.CallerAsync(), context.RequestAborted))
            .Select(StageMoveAnswer.Of).ToList());
    }

    private static async Task<Created<Platform.Engine.Workflows.Churn.ChurnResponse>> RespondToChurnAsync(string app, string form, long id, HttpContext context,
        FormService forms, Platform.Engine.Workflows.Churn.ChurnService churn)
    {
        var body = await JsonBody.ReadAsync(context, "note");
        var note = body.Text("note", required: true);
        body.ThrowIfInvalid();
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var response = await churn.RespondAsync(model, id, note, await context.CallerAsync(), context.RequestAborted);
        return TypedResults.Created($"/api/apps/{app}/forms/{form}/records/{id}/churn/responses", response);
    }

    private static async Task<Ok<IReadOnlyList<Platform.Engine.Workflows.Churn.ChurnResponse>>> ChurnResponsesAsync(string app, string form, long id, HttpContext context,
        FormService forms, Platform.Engine.Workflows.Churn.ChurnService churn)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return TypedResults.Ok(await churn.ResponsesAsync(model, id, await context.CallerAsync(), context.RequestAborted));
    }

    private static async Task<Ok<IReadOnlyList<TagChangeAnswer>>> TagsAsync(string app, string form, long id, HttpContext context, FormService forms,
        RecordService records)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return TypedResults.Ok<IReadOnlyList<TagChangeAnswer>>((await records.TagHistoryAsync(model, id, await context.CallerAsync(), context.RequestAborted))
            .Select(TagChangeAnswer.Of).ToList());
    }

    private static async Task<Ok<IReadOnlyList<HistoryAnswer>>> HistoryAsync(string app, string form, long id, HttpContext context, FormService forms, RecordService records)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var history = await records.HistoryAsync(model, id, await context.CallerAsync(), context.RequestAborted);
        var culture = context.Records().Culture;
        return TypedResults.Ok<IReadOnlyList<HistoryAnswer>>(history.Select(h => HistoryAnswer.From(h, culture)).ToList());
    }

    /// <summary>A record as the answer, with its version as the ETag for the next If-Match.</summary>
    private static JsonObject Answer(HttpContext context, FormModel model, RecordData record)
    {
        context.Response.Headers.ETag = ETag(record);
        return Json(context, model, record);
    }

    /// <summary>The record's JSON, with the warnings of the write that returned it, if any, in the caller's language.</summary>
    private static JsonObject Json(HttpContext context, FormModel model, RecordData record)
    {
        var json = RecordJson.ToJson(model, record);
        if (record.Warnings.Count > 0)
            json["warnings"] = JsonSerializer.SerializeToNode(WarningAnswer.From(record.Warnings, context.Records().Culture), JsonSerializerOptions.Web);
        return json;
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
