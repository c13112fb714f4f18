using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Apps;
using Platform.Engine.Comments;
using Platform.Engine.Validation;

namespace Platform.Runtime.Api;

/// <summary><c>/api/apps/{app}/forms/{form}/records/{id}/comments</c>: comments on a record, for whoever can see it.</summary>
public static class CommentsApi
{
    public static IEndpointRouteBuilder MapCommentsApi(this IEndpointRouteBuilder app)
    {
        var comments = app.MapGroup("/api/apps/{app}/forms/{form}/records/{id:long}/comments").WithTags("Comments").RequireAuthorization()
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        comments.MapGet("/", ListAsync).WithName("RecordComments").WithSummary("The comments on a record, oldest first");
        comments.MapPost("/", AddAsync).WithName("AddComment")
            .WithSummary("Comment on a record: { \"body\": \"...\", \"mentions\": [userId] }; the people mentioned are notified").ProducesValidationProblem();
        comments.MapDelete("/{commentId:long}", DeleteAsync).WithName("DeleteComment").WithSummary("Delete one's own comment (an admin: any)");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<Comment>>> ListAsync(string app, string form, long id, HttpContext context, FormService forms, CommentService comments)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        return TypedResults.Ok(await comments.ListAsync(model, id, await context.CallerAsync(), context.RequestAborted));
    }

    private static async Task<Created<Comment>> AddAsync(string app, string form, long id, HttpContext context, FormService forms, CommentService comments)
    {
        var body = await RequestJson.ReadAsync(context);
        if (body.ValueKind != JsonValueKind.Object) throw new ValidationFailedException([new("body", "type.object")]);
        var text = body.TryGetProperty("body", out var given) ? given.ValueKind == JsonValueKind.String ? given.GetString() : throw new ValidationFailedException([new("body", "type.text")]) : null;
        List<long>? mentions = null;
        if (body.TryGetProperty("mentions", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array) throw new ValidationFailedException([new("mentions", "type.array")]);
            mentions = list.EnumerateArray().Select((m, i) => m.ValueKind == JsonValueKind.Number && m.TryGetInt64(out var user) && user > 0
                ? user : throw new ValidationFailedException([new($"mentions[{i}]", "type.id")])).ToList();
        }
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        var comment = await comments.AddAsync(model, id, text, mentions, await context.CallerAsync(), context.RequestAborted);
        return TypedResults.Created($"/api/apps/{app}/forms/{form}/records/{id}/comments/{comment.Id}", comment);
    }

    private static async Task<NoContent> DeleteAsync(string app, string form, long id, long commentId, HttpContext context, FormService forms, CommentService comments)
    {
        var model = await forms.GetModelAsync(app, form, context.RequestAborted);
        await comments.DeleteAsync(model, id, commentId, await context.CallerAsync(), context.RequestAborted);
        return TypedResults.NoContent();
    }
}
