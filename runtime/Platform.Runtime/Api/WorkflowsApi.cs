using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Notifications;
using Platform.Engine.Validation;
using Platform.Engine.Workflows;
using Platform.Engine.Workflows.Definitions;
using Platform.Engine.Workflows.Runs;
using Platform.Runtime.Auth;

namespace Platform.Runtime.Api;

/// <summary>
/// <c>/api/apps/{app}/workflows</c> (definitions, enabling, runs), <c>/api/apps/{app}/runs/{id}</c>, starting a workflow by hand
/// on a record, and <c>/api/me/notifications</c>. Definitions and runs are the admins'; starting by hand needs only sight of the record.
/// </summary>
public static class WorkflowsApi
{
    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var workflows = app.MapGroup("/api/apps/{app}/workflows").WithTags("Workflows").RequireAuthorization(AuthRegistration.AdminPolicy)
            .ProducesProblem(401).ProducesProblem(403);
        workflows.MapGet("/", (string app, WorkflowService service, CancellationToken ct) => service.ListAsync(app, ct))
            .WithName("ListWorkflows").WithSummary("List the workflows of an app");
        workflows.MapGet("/{key}", GetAsync).WithName("GetWorkflow").WithSummary("The current definition (or ?version=n), with its version and whether it is enabled")
            .Produces<JsonObject>().ProducesProblem(404);
        workflows.MapPut("/{key}", PublishAsync).WithName("PublishWorkflow")
            .WithSummary("Publish a new version; ?dryRun=true only checks it. A new workflow starts disabled.")
            .Accepts<JsonObject>("application/json").ProducesValidationProblem(422);
        workflows.MapDelete("/{key}", DeleteAsync).WithName("DeleteWorkflow").WithSummary("Remove a workflow; its runs are kept").ProducesProblem(404);
        workflows.MapPost("/{key}/enable", EnableAsync).WithName("EnableWorkflow").WithSummary("Turn a workflow on (checked again first)")
            .ProducesValidationProblem(422).ProducesProblem(404);
        workflows.MapPost("/{key}/disable", DisableAsync).WithName("DisableWorkflow").WithSummary("Turn a workflow off").ProducesProblem(404);
        workflows.MapPost("/{key}/simulate", SimulateAsync).WithName("SimulateWorkflow")
            .WithSummary("What a run would do on a record ({ \"recordId\": 5 }), step by step, without doing any of it").ProducesValidationProblem().ProducesProblem(404);
        workflows.MapPost("/{key}/hook/rotate", async (string app, string key, WorkflowService service, CancellationToken ct) =>
                TypedResults.Ok(new HookAddress(HooksApi.Address(await service.RotateHookAsync(app, key, ct)))))
            .WithName("RotateWorkflowHook").WithSummary("Give a workflow started by a webhook a new secret address; the old one stops working")
            .ProducesProblem(404).ProducesProblem(409);
        workflows.MapGet("/{key}/runs", ListRunsAsync).WithName("ListWorkflowRuns").WithSummary("The runs of a workflow, newest first (?status=&before=&limit=)")
            .ProducesProblem(404);

        var runs = app.MapGroup("/api/apps/{app}/runs").WithTags("Workflows").RequireAuthorization(AuthRegistration.AdminPolicy)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        runs.MapGet("/{id:long}", GetRunAsync).WithName("GetRun").WithSummary("A run with the log of its steps");
        runs.MapPost("/{id:long}/retry", RetryAsync).WithName("RetryRun").WithSummary("Try a failed run again from its failed step").ProducesProblem(409);
        runs.MapPost("/{id:long}/cancel", CancelAsync).WithName("CancelRun").WithSummary("Stop a run that has not ended").ProducesProblem(409);

        app.MapPost("/api/apps/{app}/forms/{form}/records/{id:long}/actions/{workflow}", StartAsync).WithTags("Workflows").RequireAuthorization()
            .WithName("RunRecordAction").WithSummary("Start a workflow that is started by hand on this record; the run goes on in the background")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        var notifications = app.MapGroup("/api/me/notifications").WithTags("Notifications").RequireAuthorization().ProducesProblem(401);
        notifications.MapGet("/", ListNotificationsAsync).WithName("ListNotifications").WithSummary("My notifications, newest first, with the unread count (?unread=true&before=&limit=)");
        notifications.MapPost("/{id:long}/read", MarkReadAsync).WithName("MarkNotificationRead").WithSummary("Mark one notification read").ProducesProblem(404);
        notifications.MapPost("/read", MarkAllReadAsync).WithName("MarkNotificationsRead").WithSummary("Mark every notification read");
        return app;
    }

    private static async Task<IResult> GetAsync(string app, string key, int? version, WorkflowService service, CancellationToken ct)
    {
        var current = await service.GetAsync(app, key, version, ct);
        var json = JsonSerializer.SerializeToNode(current.Definition, WorkflowJson.Options)!.AsObject();
        json["version"] = current.Version;
        json["enabled"] = current.Enabled;
        if (current.Definition.Trigger is WebhookTrigger && current.HookSecret is { } secret) json["hookUrl"] = HooksApi.Address(secret);
        return Results.Text(json.ToJsonString(WorkflowJson.Options), "application/json");
    }

    private static async Task<Ok<WorkflowPublishResult>> PublishAsync(string app, string key, bool? dryRun, HttpContext context, WorkflowService service)
    {
        var body = await RequestJson.ReadAsync(context);
        if (body.ValueKind != JsonValueKind.Object) throw new DefinitionRejectedException([new("body", "type.object")]);
        var json = JsonNode.Parse(body.GetRawText())!.AsObject();
        json.Remove("version");
        json.Remove("enabled");
        json["key"] ??= key;
        if (json["key"] is not JsonValue keyValue || !keyValue.TryGetValue<string>(out var keyText) || keyText != key)
            throw new DefinitionRejectedException([new("key", "key.mismatch", json["key"]?.ToJsonString())]);
        WorkflowDefinition definition;
        try
        {
            definition = json.Deserialize<WorkflowDefinition>(WorkflowJson.Options) ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            throw new DefinitionRejectedException([new("body", "json.invalid", e.Message)]);
        }
        return TypedResults.Ok(await service.PublishAsync(app, definition, dryRun ?? false, context.UserId(), context.RequestAborted));
    }

    private static async Task<NoContent> DeleteAsync(string app, string key, WorkflowService service, CancellationToken ct)
    {
        await service.DeleteAsync(app, key, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WorkflowVersionAnswer>> EnableAsync(string app, string key, WorkflowService service, CancellationToken ct)
    {
        await service.EnableAsync(app, key, ct);
        return TypedResults.Ok(WorkflowVersionAnswer.From(await service.GetAsync(app, key, ct: ct)));
    }

    private static async Task<Ok<WorkflowVersionAnswer>> DisableAsync(string app, string key, WorkflowService service, CancellationToken ct)
    {
        await service.DisableAsync(app, key, ct);
        return TypedResults.Ok(WorkflowVersionAnswer.From(await service.GetAsync(app, key, ct: ct)));
    }

    private static async Task<Ok<SimulationAnswer>> SimulateAsync(string app, string key, HttpContext context, WorkflowRunner runner)
    {
        var body = await RequestJson.ReadAsync(context);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("recordId", out var given) || given.ValueKind != JsonValueKind.Number
            || !given.TryGetInt64(out var recordId) || recordId <= 0)
            throw new ValidationFailedException([new("recordId", "type.id")]);
        var culture = ApiCulture.Of(context);
        var simulation = await runner.SimulateAsync(app, key, recordId, await context.CallerAsync(), context.RequestAborted);
        return TypedResults.Ok(new SimulationAnswer(simulation.ConditionHolds, simulation.Steps.Select(s => new SimulatedStepAnswer(s.Step, s.Type, s.Would,
            s.Error is { } e ? new RunErrorItem(e.Field, e.Code, e.Message(culture)) : null)).ToList()));
    }

    private static async Task<Ok<IReadOnlyList<RunAnswer>>> ListRunsAsync(string app, string key, string? status, long? before, int? limit, HttpContext context,
        RunService runs) =>
        TypedResults.Ok<IReadOnlyList<RunAnswer>>((await runs.ListAsync(app, key, status, before, limit ?? 50, context.RequestAborted))
            .Select(r => RunAnswer.From(r, ApiCulture.Of(context))).ToList());

    private static async Task<Ok<RunDetailAnswer>> GetRunAsync(string app, long id, HttpContext context, RunService runs) =>
        TypedResults.Ok(RunDetailAnswer.From(await runs.GetAsync(app, id, context.RequestAborted), ApiCulture.Of(context)));

    private static async Task<Ok<RunAnswer>> RetryAsync(string app, long id, HttpContext context, RunService runs) =>
        TypedResults.Ok(RunAnswer.From(await runs.RetryAsync(app, id, context.RequestAborted), ApiCulture.Of(context)));

    private static async Task<Ok<RunAnswer>> CancelAsync(string app, long id, HttpContext context, RunService runs) =>
        TypedResults.Ok(RunAnswer.From(await runs.CancelAsync(app, id, context.RequestAborted), ApiCulture.Of(context)));

    private static async Task<Accepted<RunAnswer>> StartAsync(string app, string form, long id, string workflow, HttpContext context, RunService runs)
    {
        var run = await runs.StartAsync(app, form, id, workflow, await context.CallerAsync(), context.RequestAborted);
        return TypedResults.Accepted((string?)null, RunAnswer.From(run, ApiCulture.Of(context)));
    }

    private static async Task<Ok<NotificationPage>> ListNotificationsAsync(bool? unread, long? before, int? limit, HttpContext context,
        NotificationService notifications) =>
        TypedResults.Ok(await notifications.ListAsync(context.UserId(), unread ?? false, before, limit ?? 50, context.RequestAborted));

    private static async Task<NoContent> MarkReadAsync(long id, HttpContext context, NotificationService notifications)
    {
        await notifications.MarkReadAsync(context.UserId(), id, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MarkedRead>> MarkAllReadAsync(HttpContext context, NotificationService notifications) =>
        TypedResults.Ok(new MarkedRead(await notifications.MarkAllReadAsync(context.UserId(), context.RequestAborted)));
}

/// <summary>What a run would do: whether its condition holds, and each step with what it would do or why it would fail.</summary>
public sealed record SimulationAnswer(bool ConditionHolds, IReadOnlyList<SimulatedStepAnswer> Steps);

public sealed record SimulatedStepAnswer(string Step, string Type, JsonObject? Would, RunErrorItem? Error);

/// <summary>How many notifications were marked read.</summary>
public sealed record MarkedRead(int Marked);

/// <summary>A workflow's current version and whether it runs.</summary>
public sealed record WorkflowVersionAnswer(string Key, int Version, bool Enabled)
{
    public static WorkflowVersionAnswer From(WorkflowVersion current) => new(current.Definition.Key, current.Version, current.Enabled);
}

/// <summary>Why a run failed, in the caller's language.</summary>
public sealed record RunErrorAnswer(string? Step, IReadOnlyList<RunErrorItem> Errors)
{
    public static RunErrorAnswer? From(RunError? error, string culture) => error is null
        ? null
        : new(error.Step, error.Errors.Select(e => new RunErrorItem(e.Field, e.Code, e.Message(culture))).ToList());
}

public sealed record RunErrorItem(string Field, string Code, string Message);

/// <summary>A run: its workflow and version, record, status, the step it is at, attempts and why it failed.</summary>
public sealed record RunAnswer(long Id, string Workflow, int Version, long? RecordId, long? UserId, string Status, string? Step, int Attempts,
    RunErrorAnswer? Error, DateTime CreatedAt, DateTime UpdatedAt, DateTime? FinishedAt)
{
    public static RunAnswer From(RunInfo run, string culture) => new(run.Id, run.Workflow, run.Version, run.RecordId, run.UserId, run.Status, run.Step,
        run.Attempts, RunErrorAnswer.From(run.Error, culture), run.CreatedAt, run.UpdatedAt, run.FinishedAt);
}

/// <summary>One attempt of a step with its timing, what it did and why it failed.</summary>
public sealed record RunStepAnswer(string Step, string Type, int Attempt, string Status, DateTime StartedAt, DateTime FinishedAt, double Milliseconds,
    JsonNode? Output, RunErrorAnswer? Error);

public sealed record RunDetailAnswer(RunAnswer Run, IReadOnlyList<RunStepAnswer> Steps)
{
    public static RunDetailAnswer From(RunDetail detail, string culture) => new(RunAnswer.From(detail.Run, culture), detail.Steps.Select(s =>
        new RunStepAnswer(s.Step, s.Type, s.Attempt, s.Status, s.StartedAt, s.FinishedAt, (s.FinishedAt - s.StartedAt).TotalMilliseconds, s.Output?.DeepClone(),
            RunErrorAnswer.From(s.Error, culture))).ToList());
}

/// <summary>The address another system calls to start a workflow.</summary>
public sealed record HookAddress(string HookUrl);
