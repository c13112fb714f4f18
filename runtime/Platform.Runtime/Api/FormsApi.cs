using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Records.Schemas;
using Platform.Engine.Validation;
using Platform.Runtime.Auth;

namespace Platform.Runtime.Api;

/// <summary><c>/api/apps/{app}/forms</c>: definitions, versions, dry runs and the records' JSON Schema.</summary>
public static class FormsApi
{
    public static IEndpointRouteBuilder MapFormsApi(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/api/apps/{app}/forms").WithTags("Forms").RequireAuthorization();
        forms.MapGet("/", (string app, FormService service, CancellationToken ct) => service.ListAsync(app, ct))
            .WithName("ListForms").WithSummary("List the forms of an app");
        forms.MapGet("/{form}", GetAsync).WithName("GetForm").WithSummary("The published definition (or ?version=n)").Produces<JsonObject>().ProducesProblem(404);
        forms.MapPut("/{form}", PublishAsync).WithName("PublishForm")
            .WithSummary("Publish a new version; ?dryRun=true returns the migration plan and data-loss report and changes nothing")
            .RequireAuthorization(AuthRegistration.AdminPolicy).Accepts<JsonObject>("application/json").ProducesValidationProblem(422).ProducesProblem(409);
        forms.MapGet("/{form}/versions", (string app, string form, FormService service, CancellationToken ct) => service.VersionsAsync(app, form, ct))
            .WithName("ListFormVersions").WithSummary("Published versions");
        forms.MapPost("/{form}/versions/{version:int}/revert", RevertAsync).WithName("RevertForm")
            .WithSummary("Publish version n's definition again as the next version; ?dryRun=true shows the plan, ?confirmDataLoss=true applies a lossy one")
            .RequireAuthorization(AuthRegistration.AdminPolicy).ProducesValidationProblem(422).ProducesProblem(404).ProducesProblem(409);
        forms.MapGet("/{form}/schema", SchemaAsync).WithName("GetRecordSchema").WithSummary("JSON Schema of the form's records");
        forms.MapPost("/{form}/purge", PurgeAsync).WithName("PurgeRemovedFields")
            .WithSummary("Drop the kept data of removed fields for good").RequireAuthorization(AuthRegistration.AdminPolicy).Accepts<PurgeRequest>("application/json");
        return app;
    }

    private static async Task<IResult> GetAsync(string app, string form, int? version, FormService service, CancellationToken ct)
    {
        var (definition, published) = await service.GetAsync(app, form, version, ct);
        var json = JsonSerializer.SerializeToNode(definition, FormJson.Options)!.AsObject();
        json["version"] = published;
        return Results.Text(json.ToJsonString(FormJson.Options), "application/json");
    }

    private static async Task<Ok<PublishResponse>> PublishAsync(string app, string form, bool? dryRun, bool? confirmDataLoss, HttpContext context, FormPublisher publisher)
    {
        var body = await RequestJson.ReadAsync(context);
        if (body.ValueKind != JsonValueKind.Object) throw new DefinitionRejectedException([new("body", "type.object")]);
        var json = JsonNode.Parse(body.GetRawText())!.AsObject();
        json.Remove("version");
        json["key"] ??= form;
        if (json["key"] is not JsonValue key || !key.TryGetValue<string>(out var keyText) || keyText != form)
            throw new DefinitionRejectedException([new("key", "key.mismatch", json["key"]?.ToJsonString())]);

        FormDefinition definition;
        try
        {
            definition = json.Deserialize<FormDefinition>(FormJson.Options) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new DefinitionRejectedException([new("body", "json.invalid", e.Message)]);
        }

        // Existing records take a new formula in the background: the publish answers at once, with the job to follow.
        var result = await publisher.PublishAsync(app, definition, await context.CallerAsync(), dryRun ?? false, confirmDataLoss ?? false, context.RequestAborted,
            recomputeLater: true);
        return TypedResults.Ok(Answer(result));
    }

    private static async Task<Ok<PublishResponse>> RevertAsync(string app, string form, int version, bool? dryRun, bool? confirmDataLoss, HttpContext context,
        FormPublisher publisher)
    {
        var result = await publisher.RevertAsync(app, form, version, await context.CallerAsync(), dryRun ?? false, confirmDataLoss ?? false, context.RequestAborted,
            recomputeLater: true);
        return TypedResults.Ok(Answer(result));
    }

    private static PublishResponse Answer(PublishAnswer result) =>
        new(result.Version, result.DryRun, result.Recomputed, result.Plan.Changes, result.Plan.DataLoss, result.Plan.RequiresConfirmation) { Job = result.Job };

    private static async Task<IResult> SchemaAsync(string app, string form, FormService service, CancellationToken ct)
    {
        var model = await service.GetModelAsync(app, form, ct);
        return Results.Text(RecordSchemas.For(model, withRequired: true).ToJson(), "application/schema+json");
    }

    private static async Task<Ok<PurgeResponse>> PurgeAsync(string app, string form, HttpContext context, FormService service)
    {
        var body = await RequestJson.ReadAsync(context);
        List<string>? fields = null;
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("fields", out var list) && list.ValueKind == JsonValueKind.Array)
            fields = list.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).ToList();
        return TypedResults.Ok(new PurgeResponse(await service.PurgeAsync(app, form, fields, context.RequestAborted)));
    }
}
