using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Engine.Outbound;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>
/// Calls another system before the step's transaction, so nothing waits on the network while holding the database. A
/// refused address or a 4xx answer fails the run (trying again would not help); a timeout or a 5xx is tried again with
/// the same <c>Idempotency-Key</c> (run and step), so a receiver that keeps keys acts once.
/// </summary>
internal sealed class CallWebhookHandler : StepHandler<CallWebhookStep>
{
    private static readonly string[] Methods = ["POST", "PUT", "PATCH", "GET", "DELETE"];

    protected override void Check(CallWebhookStep step, WorkflowCheck check, string place)
    {
        if (step.Method is { } method && !Methods.Contains(method.ToUpperInvariant())) check.Error($"{place}.method", "workflow.method", method);
        if (string.IsNullOrWhiteSpace(step.Url)) check.Error($"{place}.url", "required");
        else check.Url(step.Url, $"{place}.url");
        foreach (var (name, formula) in step.Body) check.Formula(formula, $"{place}.body.{name}");
    }

    protected override async Task<JsonObject?> CallAsync(CallWebhookStep step, StepContext context, CancellationToken ct)
    {
        var body = new JsonObject();
        foreach (var (name, formula) in step.Body) body[name] = FormulaJson.ToJson(context.Evaluate(formula, $"{step.Id}.body.{name}"), null, context.Caller.TimeZone);
        var headers = new Dictionary<string, string>(step.Headers) { ["Idempotency-Key"] = $"run-{context.RunId}-{step.Id}" };
        var method = new HttpMethod((step.Method ?? "POST").ToUpperInvariant());
        OutboundResponse response;
        try
        {
            response = await context.Parts.Outbound.SendAsync(method, step.Url,
                method == HttpMethod.Get ? null : () => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct, headers);
        }
        catch (OutboundRefusedException e) when (e.Code == "outbound.timeout")
        {
            throw new WebhookUnavailableException($"{step.Url} did not answer in time.");
        }
        if (response.Status >= 500) throw new WebhookUnavailableException($"{step.Url} answered {response.Status}.");
        if (response.Status >= 400)
            throw new Validation.ValidationFailedException([new(step.Id, "workflow.webhookRefused", response.Status.ToString(CultureInfo.InvariantCulture), Excerpt(response.Body))]);
        return new JsonObject { ["status"] = response.Status, ["body"] = Excerpt(response.Body) };
    }

    protected override Task<StepOutcome> RunAsync(CallWebhookStep step, StepContext context, CancellationToken ct) =>
        Task.FromResult(new StepOutcome(context.Called));

    private static string Excerpt(string text) => text.Length > 500 ? text[..500] + "…" : text;

    /// <summary>The other system could not answer now: the step is tried again later.</summary>
    private sealed class WebhookUnavailableException(string message) : Exception(message);

    protected override Task<StepOutcome> SimulateAsync(CallWebhookStep step, StepContext context, CancellationToken ct)
    {
        var body = new JsonObject();
        foreach (var (name, formula) in step.Body) body[name] = FormulaJson.ToJson(context.Evaluate(formula, $"{step.Id}.body.{name}"), null, context.Caller.TimeZone);
        return Task.FromResult(new StepOutcome(new JsonObject { ["method"] = (step.Method ?? "POST").ToUpperInvariant(), ["url"] = step.Url, ["body"] = body }));
    }
}
