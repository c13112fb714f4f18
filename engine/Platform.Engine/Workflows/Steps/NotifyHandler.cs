using System.Text.Json.Nodes;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
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
        if (step.To.Count == 0) check.Error($"{place}.to", "workflow.noRecipient");
        foreach (var (recipient, i) in step.To.Select((r, i) => (r, i)))
        {
            var at = $"{place}.to[{i}]";
            if ((recipient.User is null ? 0 : 1) + (recipient.Field is null ? 0 : 1) + (recipient.Role is null ? 0 : 1) + (recipient.ManagerOf is null ? 0 : 1) != 1)
                check.Error(at, "workflow.recipient");
            else if ((recipient.Field ?? recipient.ManagerOf) is { } key && check.Form is { } form && !SystemFields.UserIds.Contains(key)
                     && (form.FindField(key) is not { } field || FieldTraits.Of(field).References != ReferenceKind.Users))
                check.Error(recipient.Field is null ? $"{at}.managerOf" : $"{at}.field", "workflow.notUserField", key);
            else if (recipient.Role is { } role && !check.Roles.Contains(role)) check.Error($"{at}.role", "role.notFound", role);
        }
        check.Formula(step.Title, $"{place}.title");
        check.Formula(step.Body, $"{place}.body", required: false);
    }

    protected override async Task<StepOutcome> RunAsync(NotifyStep step, StepContext context, CancellationToken ct)
    {
        var title = Text(context.Evaluate(step.Title, $"{step.Id}.title"));
        var body = step.Body is null ? null : Text(context.Evaluate(step.Body, $"{step.Id}.body"));
        var users = await context.RecipientsAsync(step.To, ct);
        foreach (var user in users)
            await context.Notifications.AddInAsync(context.Work, new Notifications.NewNotification(user, title, body,
                new Notifications.NotificationLink(context.Model.AppKey, context.Model.Key, context.Record.Id), $"run:{context.RunId}:{step.Id}:{user}"), ct);
        return new StepOutcome(new JsonObject { ["to"] = new JsonArray([.. users.Select(u => JsonValue.Create(u))]) });
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };

    protected override async Task<StepOutcome> SimulateAsync(NotifyStep step, StepContext context, CancellationToken ct) =>
        new(new JsonObject
        {
            ["to"] = new JsonArray([.. (await context.RecipientsAsync(step.To, ct)).Select(u => JsonValue.Create(u))]),
            ["title"] = Text(context.Evaluate(step.Title, $"{step.Id}.title")),
            ["body"] = step.Body is null ? null : Text(context.Evaluate(step.Body, $"{step.Id}.body")),
        });
}
