using System.Text.Json.Nodes;
using Platform.Engine.Notifications.Deliveries;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>
/// Posts to a DingTalk or WeCom group through its robot: the message is queued in the step's transaction and sent by the
/// delivery pump after it commits, once (keyed by the run and step), through the outbound client's rules.
/// </summary>
internal sealed class GroupMessageHandler : StepHandler<GroupMessageStep>
{
    protected override void Check(GroupMessageStep step, WorkflowCheck check, string place)
    {
        if (!DeliveryChannels.Robots.Contains(step.Robot)) check.Error($"{place}.robot", "workflow.robot", step.Robot);
        if (string.IsNullOrWhiteSpace(step.Url)) check.Error($"{place}.url", "required");
        else check.Url(step.Url, $"{place}.url");
        check.Formula(step.Title, $"{place}.title", required: false);
        check.Formula(step.Text, $"{place}.text");
    }

    protected override async Task<StepOutcome> RunAsync(GroupMessageStep step, StepContext context, CancellationToken ct)
    {
        var (title, text) = Message(step, context);
        await context.Parts.Deliveries.QueueInAsync(context.Work, new NewDelivery(step.Robot, step.Url, title, text, $"run:{context.RunId}:{step.Id}")
        {
            Secret = step.Secret,
        }, ct);
        return new StepOutcome(new JsonObject { ["robot"] = step.Robot, ["title"] = title });
    }

    protected override Task<StepOutcome> SimulateAsync(GroupMessageStep step, StepContext context, CancellationToken ct)
    {
        var (title, text) = Message(step, context);
        return Task.FromResult(new StepOutcome(new JsonObject { ["robot"] = step.Robot, ["title"] = title, ["text"] = text }));
    }

    private static (string? Title, string Text) Message(GroupMessageStep step, StepContext context) =>
        (step.Title is null ? null : context.EvaluateText(step.Title, $"{step.Id}.title"), context.EvaluateText(step.Text, $"{step.Id}.text"));
}
