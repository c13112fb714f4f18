using Dapper;
using Platform.Engine.Records;
using Platform.Engine.Records.Pipeline;
using Platform.Engine.Tests.Support.Steps;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records.Pipeline;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class PipelineTests(TestDatabase target) : EngineFixture(target)
{
    private const string Deal = """
        { "key": "deal", "fields": [
            { "key": "name",   "type": "text", "required": true },
            { "key": "amount", "type": "money" },
            { "key": "stage",  "type": "select", "options": [ { "key": "lead" }, { "key": "won" } ], "defaultValue": "lead" },
            { "key": "total",  "type": "formula", "expression": "amount * 2" } ] }
        """;

    [Test]
    public void Every_write_takes_the_named_steps_in_order()
    {
        Assert.That(Records.Pipeline.StepNames(WriteKind.Create), Is.EqualTo(new[]
        {
            "read-payload", "apply-defaults", "check-access", "check-required", "compute-rollups", "compute-formulas", "compute-churn", "apply-tag-rules",
            "check-rules", "check-stages", "check-references", "assign-numbers", "check-duplicates", "write", "index-search", "check-scope-after-write", "log-change", "log-stages",
            "log-tags", "refresh-rollups",
        }));
        Assert.That(Records.Pipeline.StepNames(WriteKind.Update), Is.EqualTo(new[]
        {
            "read-payload", "load-current", "check-access", "check-required", "compute-rollups", "compute-formulas", "compute-churn", "apply-tag-rules",
            "check-rules", "check-stages", "check-references", "check-pool", "assign-numbers", "diff", "check-duplicates", "write", "index-search", "check-scope-after-write",
            "log-change", "log-stages", "log-pool", "log-tags", "refresh-dependents", "refresh-rollups",
        }));
        Assert.That(Records.Pipeline.StepNames(WriteKind.Delete), Is.EqualTo(new[] { "load-current", "write", "log-change", "refresh-rollups" }));
        Assert.That(Records.Pipeline.StepNames(WriteKind.Recompute), Is.EqualTo(new[]
        {
            "compute-rollups", "compute-formulas", "compute-churn", "apply-tag-rules", "diff", "write", "log-change", "log-tags", "refresh-dependents", "refresh-rollups",
        }));
    }

    [Test]
    public async Task A_step_registered_from_another_area_runs_in_its_place_and_can_refuse_before_anything_is_written()
    {
        var guard = new WonNeedsAmountGuard();
        var records = new RecordService(Database, Sandbox, Clock, steps: [guard]);
        var form = await PublishAsync(await NewAppAsync(), Deal);

        var created = await records.CreateAsync(form, Json.Of("""{ "name": "Acme", "amount": 10 }"""), User());
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            records.UpdateAsync(form, created.Id, Json.Of("""{ "stage": "won", "amount": null }"""), 1, User()));
        var won = await records.UpdateAsync(form, created.Id, Json.Of("""{ "stage": "won" }"""), 1, User());

        Assert.That(records.Pipeline.StepNames(WriteKind.Update), Has.ItemAt(10).EqualTo("won-needs-amount"));
        Assert.That(refused!.Errors.Single().Code, Is.EqualTo("stage.gate"));
        // It ran after the formulas (it saw the total) and before the write (nothing written yet).
        Assert.That(guard.Seen, Is.EqualTo(new[] { "Create total=20 written=False", "Update total=0 written=False", "Update total=20 written=False" }));
        Assert.That(won.Version, Is.EqualTo(2));
        Assert.That((await Records.HistoryAsync(form, created.Id, User())).Select(h => h.Kind), Is.EqualTo(new[] { "created", "updated" }));
    }

    [Test]
    public async Task History_and_events_name_the_actor_so_a_workflow_can_tell_its_own_writes()
    {
        var app = await NewAppAsync();
        var form = await PublishAsync(app, Deal);
        var workflow = new CallerContext(Actor.Workflow("run-42", onBehalfOf: 7));
        var record = await Records.CreateAsync(form, Json.Of("""{ "name": "Acme", "amount": 1 }"""), User(3));
        await Records.UpdateAsync(form, record.Id, Json.Of("""{ "stage": "won" }"""), 1, workflow);
        var publisher = new Platform.Engine.Apps.FormPublisher(Forms, Records);
        var published = await publisher.PublishAsync(app, Platform.Engine.Forms.FormJson.Parse(Deal.Replace("amount * 2", "amount * 3")), User(3));

        var history = await Records.HistoryAsync(form, record.Id, User());
        await using var connection = await Database.OpenAsync();
        var kinds = (await connection.QueryAsync<string>("SELECT actor_kind FROM pf_outbox WHERE form_id = @id ORDER BY id", new { id = form.FormId })).ToList();
        var events = await Records.EventsAsync(form, 0, 10, User());

        Assert.That(published.Recomputed, Is.EqualTo(1));
        Assert.That(history.Select(h => (h.Actor.Kind, h.UserId)), Is.EqualTo(new[] { ("user", (long?)3), ("workflow", 7), ("recompute", 3) }));
        Assert.That(history[1].Actor.Ref, Is.EqualTo("run-42"));
        Assert.That(history[2].Actor.Ref, Does.StartWith("publish:deal/v2"));
        Assert.That(kinds, Is.EqualTo(new[] { "user", "workflow", "recompute" }));
        Assert.That(events[1].Payload["actor"]!["kind"]!.GetValue<string>(), Is.EqualTo("workflow"));
        Assert.That(events[1].Payload["actor"]!["ref"]!.GetValue<string>(), Is.EqualTo("run-42"));
    }
}
