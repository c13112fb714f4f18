using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Workflows.Tasks;

namespace Platform.Runtime.Api;

/// <summary><c>/api/me/tasks</c>: my tasks in every app (open ones by default, soonest due first), and marking one done, cancelled or open again.</summary>
public static class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/me/tasks").WithTags("Tasks").RequireAuthorization().ProducesProblem(401);
        tasks.MapGet("/", MineAsync).WithName("MyTasks")
            .WithSummary("My tasks in every app, soonest due first (?status=open (the default)|done|cancelled|all&limit=)").ProducesValidationProblem();
        tasks.MapPost("/{app}/{id:long}/status", SetStatusAsync).WithName("SetTaskStatus")
            .WithSummary("Mark my task: { \"status\": \"done\" | \"cancelled\" | \"open\" }").ProducesProblem(404).ProducesValidationProblem();
        return app;
    }

    private static async Task<Ok<IReadOnlyList<MyTask>>> MineAsync(string? status, int? limit, HttpContext context, TaskService service) =>
        TypedResults.Ok(await service.MineAsync(context.UserId(), status is "all" ? null : status ?? TaskForm.Open, limit ?? 50, context.RequestAborted));

    private static async Task<Ok<MyTask>> SetStatusAsync(string app, long id, HttpContext context, TaskService service)
    {
        var body = await JsonBody.ReadAsync(context, "status");
        var status = body.Text("status", required: true);
        body.ThrowIfInvalid();
        return TypedResults.Ok(await service.SetStatusAsync(app, id, status!, await context.CallerAsync(), context.RequestAborted));
    }
}
