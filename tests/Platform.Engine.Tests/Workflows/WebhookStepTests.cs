using System.Text.Json.Nodes;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Definitions;
using Platform.Engine.Workflows.Runs;

namespace Platform.Engine.Tests.Workflows;

/// <summary>
/// A workflow calling another system: the body built from formulas, the headers sent, a 5xx tried again later with the
/// same idempotency key, a 4xx failing the run, and addresses the outbound rules refuse turned away at publish.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class WebhookStepTests(TestDatabase target) : WorkflowFixture(target)
{
    private const string Deals = """{ "key": "deal", "fields": [ { "key": "name", "type": "text" }, { "key": "amount", "type": "money" } ] }""";

    [Test]
    public async Task A_call_that_fails_for_now_is_tried_again_with_the_same_key_and_its_answer_is_kept()
    {
        using var listener = new LoopbackHttp(503, 200);
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, Deals);
        await EnableAsync(app, $$"""
            { "key": "erp", "form": "deal", "trigger": { "type": "recordCreated" },
              "steps": [ { "id": "push", "type": "callWebhook", "url": "{{listener.Url}}orders", "headers": { "X-Token": "secret" },
                           "body": { "deal": "id", "title": "UPPER(name)", "amount": "amount" } } ] }
            """);
        var deal = await Records.CreateAsync(deals, Json.Of("""{ "name": "Acme", "amount": 1200.5 }"""), User());
        await SettleAsync();
        var run = (await Runs.ListAsync(app, "erp")).Single();
        Assert.That((run.Status, run.Attempts), Is.EqualTo((RunStatus.Ready, 1)), "a 503 is tried again later");

        Clock.Advance(Options.RetryDelay);
        await SettleAsync();
        Assert.That((await Runs.GetAsync(app, run.Id)).Run.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(listener.Calls, Has.Count.EqualTo(2));
        Assert.That(listener.Calls.Select(c => c.Header("Idempotency-Key")).Distinct().Single(), Is.EqualTo($"run-{run.Id}-push"), "one key for every attempt");
        var sent = JsonNode.Parse(listener.Calls.Last().Body)!;
        Assert.That((sent["deal"]!.GetValue<long>(), sent["title"]!.GetValue<string>(), sent["amount"]!.GetValue<decimal>()), Is.EqualTo((deal.Id, "ACME", 1200.5m)));
        Assert.That(listener.Calls.Last().Header("X-Token"), Is.EqualTo("secret"));
        Assert.That((await Runs.GetAsync(app, run.Id)).Steps[^1].Output!["status"]!.GetValue<int>(), Is.EqualTo(200));
    }

    [Test]
    public async Task A_call_the_other_system_refuses_fails_the_run_and_refused_addresses_are_turned_away_at_publish()
    {
        using var listener = new LoopbackHttp(422);
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, Deals);
        await EnableAsync(app, $$"""
            { "key": "erp", "form": "deal", "trigger": { "type": "recordCreated" },
              "steps": [ { "id": "push", "type": "callWebhook", "url": "{{listener.Url}}orders", "body": { "name": "name" } } ] }
            """);
        await Records.CreateAsync(deals, Json.Of("""{ "name": "Acme" }"""), User());
        await SettleAsync();
        var run = (await Runs.ListAsync(app, "erp")).Single();
        Assert.That(run.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(run.Error!.Errors.Single().Code, Is.EqualTo("workflow.webhookRefused"));

        foreach (var (url, code) in new[] { ("ftp://files.example.com/x", "outbound.scheme"), ("http://10.0.0.5/hook", "outbound.address"), ("http://localhost:9/x", "outbound.address") })
        {
            var workflow = WorkflowJson.Parse($$"""
                { "key": "bad", "form": "deal", "trigger": { "type": "recordCreated" }, "steps": [ { "id": "push", "type": "callWebhook", "url": "{{url}}" } ] }
                """);
            var e = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Workflows.PublishAsync(app, workflow));
            Assert.That(e!.Errors.Select(x => (x.Field, x.Code)), Does.Contain(("steps[0].url", code)), url);
        }
    }
}
