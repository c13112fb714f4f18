using System.Text.Json;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Definitions;
using Platform.Engine.Workflows.Hooks;

namespace Platform.Engine.Tests.Workflows;

/// <summary>
/// Inbound webhooks: a workflow's secret address, a call's body as the run's input (checked against the form), a call
/// sent again with its key starting nothing new, and addresses that are off, unknown or replaced turned away.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class HookTests(TestDatabase target) : WorkflowFixture(target)
{
    private HookService Hooks => new(Database, Workflows, Forms, Clock);

    private static JsonElement Body(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Test]
    public async Task A_call_to_the_secret_address_starts_a_run_whose_formulas_read_its_body_once_per_key()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        var workflow = WorkflowJson.Parse("""
            { "key": "intake", "form": "deal", "trigger": { "type": "webhook", "condition": "amount > 0" },
              "steps": [ { "id": "make", "type": "createRecord", "form": "deal", "values": { "name": "'Web: ' & name", "amount": "amount * 2" } } ] }
            """);
        await Workflows.PublishAsync(app, workflow);
        var secret = (await Workflows.GetAsync(app, "intake")).HookSecret!;
        Assert.That(secret, Has.Length.EqualTo(48));
        Assert.That((await Assert.ThrowsAsync<NotFoundException>(() => Hooks.ReceiveAsync(secret, Body("""{ "name": "Acme" }"""), null)))!.Code,
            Is.EqualTo("hook.notFound"), "not enabled yet");
        await Workflows.EnableAsync(app, "intake");
        await Workflows.PublishAsync(app, workflow);
        Assert.That((await Workflows.GetAsync(app, "intake")).HookSecret, Is.EqualTo(secret), "a new version keeps its address");

        var first = await Hooks.ReceiveAsync(secret, Body("""{ "name": "Acme", "amount": "12", "utm": "ad" }"""), "order-1");
        var again = await Hooks.ReceiveAsync(secret, Body("""{ "name": "Acme", "amount": "12" }"""), "order-1");
        await Hooks.ReceiveAsync(secret, Body("""{ "name": "Zero", "amount": 0 }"""), null);
        await SettleAsync();

        Assert.That((again.RunId, again.Repeated, first.Repeated), Is.EqualTo((first.RunId, true, false)), "the same key: the same run");
        var made = (await Records.QueryAsync(deals, new Platform.Engine.Records.Query.QueryRequest(), User())).Items;
        Assert.That(made.Select(r => (r.Values["name"], r.Values["amount"])), Is.EqualTo(new (object?, object?)[] { ("Web: Acme", 24m) }),
            "made once, from the body; the zero amount did not meet the condition");
        var run = (await Runs.GetAsync(app, first.RunId)).Run;
        Assert.That((run.RecordId, run.Status), Is.EqualTo(((long?)null, "completed")));
    }

    [Test]
    public async Task A_body_the_form_cannot_read_an_unknown_address_and_a_replaced_one_are_turned_away()
    {
        var app = await NewAppAsync();
        await PublishAsync(app, DealForm);
        await EnableAsync(app, """
            { "key": "intake", "form": "deal", "trigger": { "type": "webhook" },
              "steps": [ { "id": "make", "type": "createRecord", "form": "deal", "values": { "name": "name" } } ] }
            """);
        var secret = (await Workflows.GetAsync(app, "intake")).HookSecret!;

        var bad = await Assert.ThrowsAsync<ValidationFailedException>(() => Hooks.ReceiveAsync(secret, Body("""{ "amount": "lots", "stage": "nope" }"""), null));
        Assert.That(bad!.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "amount", "stage" }));
        Assert.That((await Assert.ThrowsAsync<ValidationFailedException>(() => Hooks.ReceiveAsync(secret, Body("[1]"), null)))!.Errors[0].Code, Is.EqualTo("type.object"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Hooks.ReceiveAsync(secret, Body("{}"), new string('k', 201)));
        await Assert.ThrowsAsync<NotFoundException>(() => Hooks.ReceiveAsync("not-a-secret", Body("{}"), null));

        var rotated = await Workflows.RotateHookAsync(app, "intake");
        Assert.That(rotated, Is.Not.EqualTo(secret));
        await Assert.ThrowsAsync<NotFoundException>(() => Hooks.ReceiveAsync(secret, Body("""{ "name": "x" }"""), null));
        Assert.That((await Hooks.ReceiveAsync(rotated, Body("""{ "name": "x" }"""), null)).Repeated, Is.False);
        await Workflows.DisableAsync(app, "intake");
        await Assert.ThrowsAsync<NotFoundException>(() => Hooks.ReceiveAsync(rotated, Body("""{ "name": "x" }"""), null));

        await EnableAsync(app, """{ "key": "manual", "form": "deal", "trigger": { "type": "manual" }, "steps": [ { "id": "n", "type": "updateRecord", "values": { "note": "'x'" } } ] }""");
        Assert.That((await Assert.ThrowsAsync<ConflictException>(() => Workflows.RotateHookAsync(app, "manual")))!.Code, Is.EqualTo("hook.notWebhook"));
        Assert.That((await Workflows.GetAsync(app, "manual")).HookSecret, Is.Null);
    }
}
