using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Workflows.Definitions;
using Platform.Engine.Workflows.Tasks;

namespace Platform.Engine.Workflows.Steps;

/// <summary>
/// Gives someone a task in the app's built-in task form (published first if the app has none, outside the run's
/// transaction): a record created through the record pipeline as the workflow, owned by the assignee, who is told.
/// </summary>
internal sealed class CreateTaskHandler : StepHandler<CreateTaskStep>
{
    protected override void Check(CreateTaskStep step, WorkflowCheck check, string place)
    {
        check.Formula(step.Title, $"{place}.title");
        check.Recipients(step.Assignee is null ? [] : [step.Assignee], $"{place}.assignee", "workflow.noTaskAssignee");
        if (step.Due is not null && step.DueAt is not null) check.Error($"{place}.due", "workflow.taskDue");
        if (step.Due is { } due && (due.Length <= TimeSpan.Zero || due.Length.TotalDays > 3660)) check.Error($"{place}.due", "workflow.offsetRange");
        check.Formula(step.DueAt, $"{place}.dueAt", Formulas.FormulaType.DateTime, required: false);
        check.Formula(step.Note, $"{place}.note", required: false);
    }

    protected override async Task<JsonObject?> CallAsync(CreateTaskStep step, StepContext context, CancellationToken ct)
    {
        await context.Parts.Tasks.EnsureFormAsync(context.Model.AppKey, ct);
        return null;
    }

    protected override async Task<StepOutcome> RunAsync(CreateTaskStep step, StepContext context, CancellationToken ct)
    {
        var candidates = await CandidatesAsync(step, context, ct);
        var assignee = candidates.Count == 1 ? candidates[0] : await AssignTurns.NextAsync(context, step.Id, candidates, ct);
        var (payload, output) = Task(step, context, assignee);
        var tasks = await context.ModelAsync(TaskForm.Key, ct);
        var created = await context.Records.WriteInAsync(context.Work, Records.Pipeline.WriteKind.Create, tasks,
            new Records.Pipeline.RecordWrite { Prefix = "", Payload = JsonSerializer.SerializeToElement(payload) }, context.Caller, ct);
        await context.Notifications.TellInAsync(context.Work, assignee, "task.given", [payload[TaskForm.Title]!.GetValue<string>()],
            payload[TaskForm.Note]?.GetValue<string>(), new Notifications.NotificationLink(context.Model.AppKey, TaskForm.Key, created.Id),
            $"run:{context.RunId}:{step.Id}:task", ct);
        output["taskId"] = created.Id;
        return new StepOutcome(output);
    }

    protected override async Task<StepOutcome> SimulateAsync(CreateTaskStep step, StepContext context, CancellationToken ct)
    {
        var candidates = await CandidatesAsync(step, context, ct);
        var (_, output) = Task(step, context, candidates[0]);
        if (candidates.Count > 1) output["assignee"] = new JsonArray([.. candidates.Select(c => JsonValue.Create(c))]);
        return new StepOutcome(output);
    }

    private static (JsonObject Payload, JsonObject Output) Task(CreateTaskStep step, StepContext context, long assignee)
    {
        var now = context.Script.Now.UtcDateTime;
        var due = step.Due is { } span ? now + span.Length : step.DueAt is { } formula ? context.EvaluateInstant(formula, $"{step.Id}.dueAt") : null;
        var payload = new JsonObject
        {
            [TaskForm.Title] = context.EvaluateText(step.Title, $"{step.Id}.title"),
            [TaskForm.Assignee] = assignee,
            [Forms.SystemFields.Owner] = assignee,
            [TaskForm.Due] = due?.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            [TaskForm.Status] = TaskForm.Open,
            [TaskForm.Note] = step.Note is null ? null : context.EvaluateText(step.Note, $"{step.Id}.note"),
            [TaskForm.SourceForm] = context.Record.Id == 0 ? null : context.Model.Key,
            [TaskForm.SourceId] = context.Record.Id == 0 ? null : context.Record.Id,
        };
        return (payload, new JsonObject { ["assignee"] = assignee, ["title"] = payload[TaskForm.Title]!.DeepClone(), ["due"] = payload[TaskForm.Due]?.DeepClone() });
    }

    /// <summary>The active people the task may go to; nobody fails the step for good.</summary>
    private static async Task<IReadOnlyList<long>> CandidatesAsync(CreateTaskStep step, StepContext context, CancellationToken ct)
    {
        var people = await context.Parts.Users.ActiveAmongAsync(await context.RecipientsAsync([step.Assignee!], ct), ct);
        return people.Count > 0 ? people : throw new Validation.ValidationFailedException([new($"{step.Id}.assignee", "task.nobody")]);
    }
}
