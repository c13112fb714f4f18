using System.Text.Json.Nodes;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>
/// Tells people in the app: one notification per recipient, each keyed by the run and step, so a step run again
/// after a crash never tells anyone twice.
/// </summary>
internal sealed class NotifyHandler : StepHandler<NotifyStep>
{
    protected override void Check(NotifyStep step, WorkflowCheck check, string place)
    {
        check.Recipients(step.To, $"{place}.to", "workflow.noRecipient");
        if (step.Channels is { Count: 0 }) check.Error($"{place}.channels", "required");
        foreach (var (channel, i) in step.Told.Select((c, i) => (c, i)))
            if (channel is not (NotifyStep.InApp or NotifyStep.Email)) check.Error($"{place}.channels[{i}]", "workflow.channel", channel);
        check.Formula(step.Title, $"{place}.title");
        check.Formula(step.Body, $"{place}.body", required: false);
    }

    protected override async Task<StepOutcome> RunAsync(NotifyStep step, StepContext context, CancellationToken ct)
    {
        var title = context.EvaluateText(step.Title, $"{step.Id}.title");
        var body = step.Body is null ? null : context.EvaluateText(step.Body, $"{step.Id}.body");
        var users = await context.RecipientsAsync(step.To, ct);
        if (step.Told.Contains(NotifyStep.InApp))
            foreach (var user in users)
                await context.Notifications.AddInAsync(context.Work, new Notifications.NewNotification(user, title, body,
                    new Notifications.NotificationLink(context.Model.AppKey, context.Model.Key, context.Record.Id), $"run:{context.RunId}:{step.Id}:{user}"), ct);
        if (step.Told.Contains(NotifyStep.Email))
            foreach (var user in await context.Parts.Users.ActiveAmongAsync(users, ct))
                await context.Parts.Deliveries.QueueInAsync(context.Work, new Notifications.Deliveries.NewDelivery(Notifications.Deliveries.DeliveryChannels.Email,
                    (await context.Parts.Users.GetAsync(user, ct)).Email, title, body ?? title, $"run:{context.RunId}:{step.Id}:{user}:email"), ct);
        return new StepOutcome(new JsonObject { ["to"] = new JsonArray([.. users.Select(u => JsonValue.Create(u))]) });
    }

    protected override async Task<StepOutcome> SimulateAsync(NotifyStep step, StepContext context, CancellationToken ct) =>
        new(new JsonObject
        {
            ["to"] = new JsonArray([.. (await context.RecipientsAsync(step.To, ct)).Select(u => JsonValue.Create(u))]),
            ["title"] = context.EvaluateText(step.Title, $"{step.Id}.title"),
            ["body"] = step.Body is null ? null : context.EvaluateText(step.Body, $"{step.Id}.body"),
        });
}
