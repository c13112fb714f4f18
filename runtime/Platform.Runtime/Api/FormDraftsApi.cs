using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Apps;
using Platform.Engine.Validation;
using Platform.Runtime.Auth;

namespace Platform.Runtime.Api;

/// <summary>
/// <c>/api/apps/{app}/forms/{form}/draft</c>: a designer's unpublished work on a form, kept by the server (read, saved over
/// the draft version it was read at, thrown away). Publishing the form (<c>PUT …/forms/{form}</c>) ends its draft.
/// </summary>
public static class FormDraftsApi
{
    public sealed record DraftAnswer(string Form, int Version, DateTime UpdatedAt, JsonElement Definition);

    public static IEndpointRouteBuilder MapFormDraftsApi(this IEndpointRouteBuilder app)
    {
        var draft = app.MapGroup("/api/apps/{app}/forms/{form}/draft").WithTags("Forms").RequireAuthorization(AuthRegistration.AdminPolicy);
        draft.MapGet("/", GetAsync).WithName("GetFormDraft").WithSummary("The form's unpublished draft").ProducesProblem(404);
        draft.MapPut("/", SaveAsync).WithName("SaveFormDraft")
            .WithSummary("Save the draft: { version (the draft's, 0 or none for a new one), definition }; 409 when it was saved from elsewhere meanwhile")
            .Accepts<JsonElement>("application/json").ProducesValidationProblem(400).ProducesProblem(409);
        draft.MapDelete("/", DiscardAsync).WithName("DiscardFormDraft").WithSummary("Throw the draft away").ProducesProblem(404);
        return app;
    }

    private static async Task<Ok<DraftAnswer>> GetAsync(string app, string form, HttpContext context, FormDrafts drafts) =>
        TypedResults.Ok(Answer(await drafts.GetAsync(app, form, await context.CallerAsync(), context.RequestAborted)));

    private static async Task<Ok<DraftAnswer>> SaveAsync(string app, string form, HttpContext context, FormDrafts drafts)
    {
        var body = await RequestJson.ReadAsync(context);
        if (body.ValueKind != JsonValueKind.Object) throw new ValidationFailedException([new("body", "type.object")]);
        int? version = null;
        if (body.TryGetProperty("version", out var sent) && sent.ValueKind != JsonValueKind.Null)
            version = sent.ValueKind == JsonValueKind.Number && sent.TryGetInt32(out var number) && number >= 0 ? number
                : throw new ValidationFailedException([new("version", "type.integer")]);
        var definition = body.TryGetProperty("definition", out var given) ? given : default;
        return TypedResults.Ok(Answer(await drafts.SaveAsync(app, form, definition, version, await context.CallerAsync(), context.RequestAborted)));
    }

    private static async Task<NoContent> DiscardAsync(string app, string form, HttpContext context, FormDrafts drafts)
    {
        await drafts.DiscardAsync(app, form, await context.CallerAsync(), context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static DraftAnswer Answer(FormDraft draft) => new(draft.Form, draft.Version, draft.UpdatedAt, draft.Definition);
}
