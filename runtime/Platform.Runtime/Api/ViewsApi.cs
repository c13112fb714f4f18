using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Views;

namespace Platform.Runtime.Api;

/// <summary>
/// <c>/api/apps/{app}/views</c>: saved views of forms' records. Anyone signed in lists the shared views and their own, and
/// saves views of their own under a key <c>u{their id}_…</c>; only admins save shared ones (any other key). The engine decides.
/// </summary>
public static class ViewsApi
{
    public static IEndpointRouteBuilder MapViewsApi(this IEndpointRouteBuilder app)
    {
        var views = app.MapGroup("/api/apps/{app}/views").WithTags("Views").RequireAuthorization().ProducesProblem(401);
        views.MapGet("/", async (string app, string? form, HttpContext context, ViewService service) =>
                TypedResults.Ok(await service.ListAsync(app, form, await context.CallerAsync(), context.RequestAborted)))
            .WithName("ListViews").WithSummary("The shared views of an app (?form= one form's) and the caller's own");
        views.MapGet("/{key}", GetAsync).WithName("GetView").WithSummary("A view's definition, with its version (another user's private view is not found)")
            .Produces<System.Text.Json.Nodes.JsonObject>().ProducesProblem(404);
        views.MapPut("/{key}", SaveAsync).WithName("SaveView")
            .WithSummary("Save a view: u{your id}_… keys are your own, other keys shared (admins only); ?dryRun=true only checks it")
            .Accepts<System.Text.Json.Nodes.JsonObject>("application/json").ProducesValidationProblem(422).ProducesProblem(403).ProducesProblem(404);
        views.MapDelete("/{key}", DeleteAsync).WithName("DeleteView").WithSummary("Remove a view (its versions are kept)")
            .ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> GetAsync(string app, string key, HttpContext context, ViewService service)
    {
        var (definition, version) = await service.GetAsync(app, key, await context.CallerAsync(), context.RequestAborted);
        var json = JsonSerializer.SerializeToNode(definition, ViewService.Options)!.AsObject();
        json["version"] = version;
        return Results.Text(json.ToJsonString(ViewService.Options), "application/json");
    }

    private static async Task<Ok<PublishedReport>> SaveAsync(string app, string key, bool? dryRun, HttpContext context, ViewService service)
    {
        var view = ViewService.Read(await RequestJson.KeyedAsync(context, key));
        var version = await service.SaveAsync(app, view, await context.CallerAsync(), dryRun ?? false, context.RequestAborted);
        return TypedResults.Ok(new PublishedReport(key, version, dryRun ?? false));
    }

    private static async Task<NoContent> DeleteAsync(string app, string key, HttpContext context, ViewService service)
    {
        await service.DeleteAsync(app, key, await context.CallerAsync(), context.RequestAborted);
        return TypedResults.NoContent();
    }
}
