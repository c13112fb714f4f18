using System.Text.Json;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Validation;
using Platform.Runtime.Auth;

namespace Platform.Runtime.Api;

/// <summary><c>/api/apps</c>: the apps that group forms. Reading needs a sign-in; changing needs an admin.</summary>
public static class AppsApi
{
    public static IEndpointRouteBuilder MapAppsApi(this IEndpointRouteBuilder app)
    {
        var apps = app.MapGroup("/api/apps").WithTags("Apps").RequireAuthorization();
        apps.MapGet("/", (AppService service, CancellationToken ct) => service.ListAsync(ct))
            .WithName("ListApps").WithSummary("List apps");
        apps.MapPost("/", CreateAsync).WithName("CreateApp").WithSummary("Create an app").RequireAuthorization(AuthRegistration.AdminPolicy)
            .Accepts<AppRequest>("application/json").Produces<AppInfo>(201).ProducesValidationProblem().ProducesProblem(409);
        apps.MapGet("/{app}", (string app, AppService service, CancellationToken ct) => service.GetAsync(app, ct))
            .WithName("GetApp").WithSummary("Get an app").ProducesProblem(404);
        apps.MapPut("/{app}", UpdateAsync).WithName("UpdateApp").WithSummary("Rename or describe an app").RequireAuthorization(AuthRegistration.AdminPolicy)
            .Accepts<AppRequest>("application/json").Produces<AppInfo>().ProducesValidationProblem().ProducesProblem(404);
        apps.MapDelete("/{app}", async (string app, AppService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(app, ct);
            return TypedResults.NoContent();
        }).WithName("DeleteApp").WithSummary("Delete an app (its key stays reserved and its data is kept)").RequireAuthorization(AuthRegistration.AdminPolicy);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, AppService service)
    {
        var body = await RequestJson.ReadAsync(context);
        var (key, name, description) = Read(body, requireKey: true);
        var created = await service.CreateAsync(key!, name, description, context.RequestAborted);
        return TypedResults.Created($"/api/apps/{created.Key}", created);
    }

    private static async Task<AppInfo> UpdateAsync(string app, HttpContext context, AppService service)
    {
        var (key, name, description) = Read(await RequestJson.ReadAsync(context), requireKey: false);
        if (key is not null && key != app) throw new ValidationFailedException([new("key", "key.mismatch", key)]);
        return await service.UpdateAsync(app, name, description, context.RequestAborted);
    }

    private static (string? Key, LocalizedText? Name, string? Description) Read(JsonElement body, bool requireKey)
    {
        var errors = new List<ValidationError>();
        if (body.ValueKind != JsonValueKind.Object) throw new ValidationFailedException([new("body", "type.object")]);
        string? key = null, description = null;
        LocalizedText? name = null;
        foreach (var property in body.EnumerateObject())
        {
            switch (property.Name)
            {
                case "key" when property.Value.ValueKind == JsonValueKind.String: key = property.Value.GetString(); break;
                case "description" when property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null: description = property.Value.GetString(); break;
                case "name":
                    try { name = property.Value.Deserialize<LocalizedText>(FormJson.Options); }
                    catch (JsonException) { errors.Add(new("name", "type.text")); }
                    break;
                case "key" or "description": errors.Add(new(property.Name, "type.text")); break;
                default: errors.Add(new(property.Name, "unknownField", property.Name)); break;
            }
        }
        if (requireKey && key is null) errors.Add(new("key", "required"));
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return (key, name, description);
    }
}
