using Platform.Engine.Workflows.Runs;

namespace Platform.Engine.Tests.Workflows;

/// <summary>
/// Steps that wait for a condition (woken by the record's changes, bounded by a deadline kept across them), move a
/// record to a stage through the stage's rules, and add or remove tags.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class WaitStageTagTests(TestDatabase target) : WorkflowFixture(target)
{
    private const string Opportunity = """
        { "key": "opp", "fields": [
            { "key": "name", "type": "text", "required": true },
            { "key": "amount", "type": "money" },
            { "key": "note", "type": "text" },
            { "key": "stage", "type": "select", "options": [ { "key": "open" }, { "key": "won" } ],
              "stages": { "entry": { "won": { "required": [ "amount" ] } } } },
            { "key": "tags", "type": "multiselect", "options": [ { "key": "vip" }, { "key": "cold" }, { "key": "upgrade" } ] } ] }
        """;

    [Test]
    public async Task A_wait_goes_on_when_a_change_makes_its_condition_hold_and_times_out_at_the_deadline_set_when_it_began()
    {
        var app = await NewAppAsync();
        var opps = await PublishAsync(app, Opportunity);
        await EnableAsync(app, """
            { "key": "close", "form": "opp", "trigger": { "type": "recordCreated" },
              "steps": [
                { "id": "wait", "type": "waitFor", "condition": "stage = 'won'", "timeout": { "days": 3 }, "timedOut": "nudge" },
                { "id": "thanks", "type": "updateRecord", "values": { "note": "'won in time'" }, "next": "end" },
                { "id": "nudge", "type": "updateRecord", "values": { "note": "'timed out'" } } ] }
            """);
        var slow = await Records.CreateAsync(opps, Json.Of("""{ "name": "Slow", "stage": "open" }"""), User());
        var quick = await Records.CreateAsync(opps, Json.Of("""{ "name": "Quick", "stage": "open" }"""), User());
        await SettleAsync();
        Assert.That((await Runs.ListAsync(app, "close")).Select(r => r.Status), Is.All.EqualTo(RunStatus.Waiting));

        await UpdateAsync(opps, quick.Id, """{ "stage": "won", "amount": 10 }""");
        await SettleAsync();
        Assert.That((await Records.GetAsync(opps, quick.Id, User())).Values["note"], Is.EqualTo("won in time"), "woken by the change, at once");

        Clock.Advance(TimeSpan.FromDays(2));
        await UpdateAsync(opps, slow.Id, """{ "name": "Slow but busy" }""");
        await SettleAsync();
        var waiting = (await Runs.ListAsync(app, "close")).Single(r => r.RecordId == slow.Id);
        Assert.That((waiting.Status, (await Records.GetAsync(opps, slow.Id, User())).Values["note"]), Is.EqualTo((RunStatus.Waiting, (object?)null)),
            "looked again, still not won");
        Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await SettleAsync();
        Assert.That((await Records.GetAsync(opps, slow.Id, User())).Values["note"], Is.EqualTo("timed out"), "three days from when it began, not from the change");
        Assert.That((await Runs.ListAsync(app, "close")).Select(r => r.Status), Is.All.EqualTo(RunStatus.Completed));
    }

    [Test]
    public async Task Setting_a_stage_keeps_to_the_stage_rules_and_tags_are_added_and_removed()
    {
        var app = await NewAppAsync();
        var opps = await PublishAsync(app, Opportunity);
        await EnableAsync(app, """
            { "key": "win", "form": "opp", "trigger": { "type": "manual" },
              "steps": [ { "id": "won", "type": "setStage", "field": "stage", "stage": "won" },
                         { "id": "tag", "type": "tags", "field": "tags", "add": [ "vip", "upgrade" ], "remove": [ "cold" ] } ] }
            """);
        var bare = await Records.CreateAsync(opps, Json.Of("""{ "name": "No amount", "stage": "open", "tags": [ "cold" ] }"""), User());
        var ready = await Records.CreateAsync(opps, Json.Of("""{ "name": "Ready", "stage": "open", "amount": 5, "tags": [ "cold", "vip" ] }"""), User());

        var refused = await Runs.StartAsync(app, "opp", bare.Id, "win", User());
        var done = await Runs.StartAsync(app, "opp", ready.Id, "win", User());
        await SettleAsync();

        var failed = (await Runs.GetAsync(app, refused.Id)).Run;
        Assert.That((failed.Status, failed.Error!.Errors[0].Code), Is.EqualTo((RunStatus.Failed, "stage.required")), "a workflow keeps to the stage's rules too");
        var record = await Records.GetAsync(opps, ready.Id, User());
        Assert.That((record.Values["stage"], record.Values["tags"]), Is.EqualTo(("won", (object)new[] { "vip", "upgrade" })));
        var log = await Runs.GetAsync(app, done.Id);
        Assert.That(log.Steps[1].Output!.ToJsonString(), Is.EqualTo("""{"added":["upgrade"],"removed":["cold"]}"""));
    }

    [TestCase("""{ "id": "s", "type": "setStage", "field": "name", "stage": "won" }""", "steps[0].field", "workflow.notStageField")]
    [TestCase("""{ "id": "s", "type": "setStage", "field": "stage", "stage": "lost" }""", "steps[0].stage", "option.unknown")]
    [TestCase("""{ "id": "t", "type": "tags", "field": "stage", "add": [ "vip" ] }""", "steps[0].field", "workflow.notTagField")]
    [TestCase("""{ "id": "t", "type": "tags", "field": "tags", "add": [ "gold" ] }""", "steps[0].add[0]", "option.unknown")]
    [TestCase("""{ "id": "t", "type": "tags", "field": "tags" }""", "steps[0]", "workflow.noTags")]
    [TestCase("""{ "id": "w", "type": "waitFor", "condition": "stage = 'won'" }""", "steps[0].timeout", "required")]
    [TestCase("""{ "id": "w", "type": "waitFor", "condition": "", "timeout": { "days": 1 } }""", "steps[0].condition", "required")]
    [TestCase("""{ "id": "w", "type": "waitFor", "condition": "stage = 'won'", "timeout": { "days": 1 }, "timedOut": "nowhere" }""", "steps[0]", "workflow.unknownStep")]
    public async Task A_bad_step_is_refused_at_publish_by_place(string step, string place, string code)
    {
        var app = await NewAppAsync();
        await PublishAsync(app, Opportunity);
        Assert.That(await RefusedStepAsync(app, "opp", step), Does.Contain((place, code)));
    }
}
