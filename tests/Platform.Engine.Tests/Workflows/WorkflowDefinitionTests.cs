using System.Text.Json.Nodes;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Tests.Workflows;

/// <summary>Workflow definitions: stored JSON that survives a newer version's types, and everything publishing refuses, by place.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class WorkflowDefinitionTests(TestDatabase target) : WorkflowFixture(target)
{
    private const string Good = """
        { "key": "flow", "name": { "en": "Flow", "zh-CN": "流程" }, "form": "deal",
          "trigger": { "type": "recordUpdated", "fields": [ "stage" ], "condition": "amount > 0" },
          "steps": [
            { "id": "check", "type": "branch", "condition": "stage = 'won'", "then": "tell", "else": "end" },
            { "id": "tell", "type": "notify", "to": [ { "field": "owner" }, { "field": "manager" } ], "title": "'Won: ' & name" } ] }
        """;

    [Test]
    public void A_definition_with_types_this_version_does_not_know_is_written_back_unchanged()
    {
        const string json = """
            {"key":"future","form":"deal","trigger":{"type":"geofence","radius":5},"steps":[{"id":"a","type":"hologram","colour":"blue","next":"b"},{"type":"notify","id":"b","to":[{"user":1}],"title":"'x'","someday":true}]}
            """;
        var parsed = WorkflowJson.Parse(json);
        Assert.That(parsed.Trigger, Is.TypeOf<UnknownTrigger>());
        Assert.That(parsed.Steps[0], Is.TypeOf<UnknownStep>());
        Assert.That(parsed.Steps[0].Id, Is.EqualTo("a"));
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(WorkflowJson.Serialize(parsed)), JsonNode.Parse(json)), Is.True, WorkflowJson.Serialize(parsed));
    }

    [Test]
    public async Task Publishing_makes_versions_and_a_new_workflow_waits_to_be_enabled()
    {
        var app = await NewAppAsync();
        await PublishAsync(app, DealForm);
        var dry = await Workflows.PublishAsync(app, WorkflowJson.Parse(Good), dryRun: true);
        Assert.That(dry, Is.EqualTo(new Engine.Workflows.WorkflowPublishResult(true, 1, false)));
        Assert.That(await Workflows.ListAsync(app), Is.Empty, "a dry run writes nothing");

        Assert.That((await Workflows.PublishAsync(app, WorkflowJson.Parse(Good))).Version, Is.EqualTo(1));
        await Workflows.EnableAsync(app, "flow");
        var second = await Workflows.PublishAsync(app, WorkflowJson.Parse(Good.Replace("'Won: '", "'Gewonnen: '")));
        Assert.That(second, Is.EqualTo(new Engine.Workflows.WorkflowPublishResult(false, 2, true)), "publishing again keeps it enabled");

        var list = await Workflows.ListAsync(app);
        Assert.That(list.Single().Trigger, Is.EqualTo("recordUpdated"));
        Assert.That(list.Single().Name!.Resolve(new System.Globalization.CultureInfo("zh-CN")), Is.EqualTo("流程"));
        Assert.That(((NotifyStep)(await Workflows.GetAsync(app, "flow", 1)).Definition.Steps[1]).Title, Is.EqualTo("'Won: ' & name"));
        Assert.That((await Workflows.GetAsync(app, "flow")).Version, Is.EqualTo(2));

        await Workflows.DeleteAsync(app, "flow");
        Assert.That(await Workflows.ListAsync(app), Is.Empty);
        Assert.That(async () => await Workflows.GetAsync(app, "flow"), Throws.TypeOf<NotFoundException>());
        Assert.That((await Workflows.PublishAsync(app, WorkflowJson.Parse(Good))).Version, Is.EqualTo(3), "a deleted key comes back as the next version");
    }

    public static IEnumerable<TestCaseData> BadDefinitions()
    {
        TestCaseData Case(string name, Func<string, string> change, string place, string code) =>
            new TestCaseData(change, place, code).SetName("Publishing refuses " + name);
        yield return Case("an unknown form", j => j.Replace("\"form\": \"deal\"", "\"form\": \"nope\""), "form", "form.notFound");
        yield return Case("an unknown trigger type", j => j.Replace("\"recordUpdated\"", "\"geofence\""), "trigger.type", "workflow.unknownTrigger");
        yield return Case("an unknown step type", j => j.Replace("\"branch\"", "\"teleport\""), "steps[0].type", "workflow.unknownStepType");
        yield return Case("an unknown trigger field", j => j.Replace("[ \"stage\" ]", "[ \"colour\" ]"), "trigger.fields[0]", "unknownField");
        yield return Case("a bad condition", j => j.Replace("amount > 0", "amount >"), "trigger.condition", "script.syntax");
        yield return Case("a formula over an unknown field", j => j.Replace("'Won: ' & name", "'Won: ' & colour"), "steps[1].title", "formula.invalid");
        yield return Case("a way to no step", j => j.Replace("\"then\": \"tell\"", "\"then\": \"nowhere\""), "steps[0]", "workflow.unknownStep");
        yield return Case("a cycle", j => j.Replace("\"title\": \"'Won: ' & name\"", "\"title\": \"'x'\", \"next\": \"check\""), "steps", "workflow.cycle");
        yield return Case("two steps with one id", j => j.Replace("\"id\": \"tell\"", "\"id\": \"check\""), "steps[1].id", "workflow.duplicateStep");
        yield return Case("a notification to nobody", j => j.Replace("[ { \"field\": \"owner\" }, { \"field\": \"manager\" } ]", "[]"), "steps[1].to", "workflow.noRecipient");
        yield return Case("a recipient field that holds no user", j => j.Replace("{ \"field\": \"manager\" }", "{ \"field\": \"name\" }"), "steps[1].to[1].field", "workflow.notUserField");
        yield return Case("an unknown role", j => j.Replace("{ \"field\": \"manager\" }", "{ \"role\": \"ghosts\" }"), "steps[1].to[1].role", "role.notFound");
        yield return Case("no steps", j => j[..j.IndexOf("\"steps\"", StringComparison.Ordinal)] + "\"steps\": [] }", "steps", "workflow.noSteps");
        yield return Case("a step no way reaches", j => j.Replace("\"then\": \"tell\"", "\"then\": \"end\""), "steps[1]", "workflow.unreachable");
        yield return Case("a bad key", j => j.Replace("\"key\": \"flow\"", "\"key\": \"9 lives\""), "key", "key.invalid");
    }

    private const string Notify = """{ "id": "tell", "type": "notify", "to": [ { "field": "owner" } ], "title": "'x'" }""";

    public static IEnumerable<TestCaseData> BadTimedDefinitions()
    {
        TestCaseData Case(string name, string trigger, string steps, string place, string code) =>
            new TestCaseData((Func<string, string>)(_ => $$"""{ "key": "timed", "form": "deal", "trigger": {{trigger}}, "steps": [ {{steps}} ] }"""), place, code)
                .SetName("Publishing refuses " + name);
        yield return Case("a date trigger on a field that holds no date", """{ "type": "date", "field": "name", "days": -30 }""", Notify, "trigger.field", "workflow.notDateField");
        yield return Case("a date trigger at no time of day", """{ "type": "date", "field": "createdAt", "time": "25:61" }""", Notify, "trigger.time", "workflow.timeOfDay");
        yield return Case("a date trigger a century away", """{ "type": "date", "field": "createdAt", "days": 40000 }""", Notify, "trigger.days", "workflow.offsetRange");
        yield return Case("a stage trigger on a field that is no stage", """{ "type": "stageEntered", "field": "stage", "stage": "won" }""", Notify,
            "trigger.field", "workflow.notStageField");
        yield return Case("a held condition without a condition", """{ "type": "conditionHeld", "days": 3 }""", Notify, "trigger.condition", "required");
        yield return Case("a held condition held for no time", """{ "type": "conditionHeld", "condition": "amount > 0" }""", Notify, "trigger.days", "workflow.offsetRange");
        yield return Case("an assignment to two at once", """{ "type": "recordCreated" }""", """{ "id": "give", "type": "assignOwner", "user": 1, "role": "x" }""",
            "steps[0]", "workflow.assignee");
        yield return Case("an assignment in no known way", """{ "type": "recordCreated" }""", """{ "id": "give", "type": "assignOwner", "department": 1, "by": "dice" }""",
            "steps[0].by", "workflow.assignBy");
        yield return Case("a schedule that is no cron expression", """{ "type": "schedule", "cron": "every morning" }""", Notify, "trigger.cron", "workflow.cron");
        yield return Case("a schedule in no time zone", """{ "type": "schedule", "cron": "0 9 * * *", "timeZone": "Mars/Olympus" }""", Notify,
            "trigger.timeZone", "user.timeZone");
        yield return Case("a delay of no time", """{ "type": "recordCreated" }""", """{ "id": "wait", "type": "delay" }, """ + Notify, "steps[0]", "workflow.delay");
        yield return Case("a delay of a time and a date at once", """{ "type": "recordCreated" }""",
            """{ "id": "wait", "type": "delay", "hours": 1, "until": "TODAY()" }, """ + Notify, "steps[0]", "workflow.delay");
    }

    [TestCaseSource(nameof(BadDefinitions))]
    [TestCaseSource(nameof(BadTimedDefinitions))]
    public async Task Publishing_refuses_what_cannot_run(Func<string, string> change, string place, string code)
    {
        var app = await NewAppAsync();
        await PublishAsync(app, DealForm);
        var e = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Workflows.PublishAsync(app, WorkflowJson.Parse(change(Good))));
        Assert.That(e!.Errors.Select(x => (x.Field, x.Code)), Does.Contain((place, code)), string.Join("; ", e.Errors.Select(x => $"{x.Field} {x.Code}")));
        Assert.That(e.Errors.All(x => Messages.Format(x.Code, "zh-CN", x.Args) != x.Code), "every message has its Chinese wording");
        Assert.That(await Workflows.ListAsync(app), Is.Empty, "nothing was published");
    }

    [Test]
    public async Task Enabling_checks_the_workflow_again_against_the_forms_as_they_are_now()
    {
        var app = await NewAppAsync();
        await PublishAsync(app, DealForm);
        await Workflows.PublishAsync(app, WorkflowJson.Parse(Good));
        await PublishAsync(app, DealForm.Replace("""{ "key": "manager", "type": "user" }""", """{ "key": "manager", "type": "text" }"""), confirmDataLoss: true);

        var e = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Workflows.EnableAsync(app, "flow"));
        Assert.That(e!.Errors.Select(x => x.Code), Does.Contain("workflow.notUserField"));
        Assert.That((await Workflows.GetAsync(app, "flow")).Enabled, Is.False);
    }
}
