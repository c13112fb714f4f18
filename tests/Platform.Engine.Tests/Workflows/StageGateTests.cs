using Platform.Engine.Forms;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Workflows;

/// <summary>
/// Stage gates: a stage field's allowed moves and entry criteria refuse a bad move naming what is missing in the caller's
/// language, every move is kept in the stage history, and entering a stage starts that stage's workflows.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class StageGateTests(TestDatabase target) : WorkflowFixture(target)
{
    private const string LeadForm = """
        { "key": "lead", "fields": [
            { "key": "name", "type": "text", "required": true },
            { "key": "budget", "type": "money", "label": { "en": "Budget", "zh-CN": "预算" } },
            { "key": "chain", "type": "text", "label": { "en": "Decision chain", "zh-CN": "决策链" } },
            { "key": "stage", "type": "select", "options": [
                { "key": "lead", "label": { "en": "Lead", "zh-CN": "线索" } }, { "key": "mql", "label": "MQL" }, { "key": "sql", "label": "SQL" },
                { "key": "won", "label": { "en": "Won", "zh-CN": "赢单" } }, { "key": "lost" } ],
              "stages": {
                "moves": { "lead": [ "mql", "lost" ], "mql": [ "sql", "lost" ], "sql": [ "won", "lost" ], "won": [], "lost": [ "lead" ] },
                "entry": { "sql": { "required": [ "budget", "chain" ], "condition": "budget >= 10000",
                                    "message": { "en": "SQL needs a budget of at least 10,000.", "zh-CN": "SQL 阶段需要至少 10,000 的预算。" } } } } } ] }
        """;

    private static Platform.Engine.Records.CallerContext Chinese(long id = 1) => User(id) with { Culture = "zh-CN" };

    [Test]
    public async Task A_move_the_stage_does_not_allow_is_refused_in_the_callers_language_and_nothing_changes()
    {
        var app = await NewAppAsync();
        var leads = await PublishAsync(app, LeadForm);
        var lead = await Records.CreateAsync(leads, Json.Of("""{ "name": "Acme", "stage": "lead" }"""), User());

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.UpdateAsync(leads, lead.Id, Json.Of("""{ "stage": "won" }"""), lead.Version, Chinese()));
        Assert.That(e!.Errors.Single().Field, Is.EqualTo("stage"));
        Assert.That(e.Errors.Single().Message("zh-CN"), Is.EqualTo("记录不能从“线索”变更到“赢单”。"));
        Assert.That((await Records.GetAsync(leads, lead.Id, User())).Version, Is.EqualTo(lead.Version));

        var mql = await Records.UpdateAsync(leads, lead.Id, Json.Of("""{ "stage": "mql" }"""), lead.Version, User());
        Assert.That(mql.Values["stage"], Is.EqualTo("mql"));
    }

    [Test]
    public async Task Entering_a_stage_needs_its_fields_and_its_condition_and_the_refusal_lists_what_is_missing()
    {
        var app = await NewAppAsync();
        var leads = await PublishAsync(app, LeadForm);
        var lead = await Records.CreateAsync(leads, Json.Of("""{ "name": "Acme", "stage": "mql" }"""), User());

        var missing = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Records.UpdateAsync(leads, lead.Id, Json.Of("""{ "stage": "sql" }"""), lead.Version, Chinese()));
        Assert.That(missing!.Errors.Select(x => (x.Field, x.Code)),
            Is.EquivalentTo(new[] { ("budget", "stage.required"), ("chain", "stage.required"), ("stage", "stage.missing") }));
        Assert.That(missing.Errors.Single(x => x.Field == "stage").Message("zh-CN"), Is.EqualTo("进入“SQL”阶段前请填写：预算、决策链。"));

        var small = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Records.UpdateAsync(leads, lead.Id, Json.Of("""{ "stage": "sql", "budget": 500, "chain": "CTO" }"""), lead.Version, User()));
        Assert.That(small!.Errors.Single().Code, Is.EqualTo("stage.condition"));
        Assert.That(small.Errors.Single().Message("zh-CN"), Is.EqualTo("SQL 阶段需要至少 10,000 的预算。"), "the form's own words");

        await Assert.ThrowsAsync<ValidationFailedException>(() => Records.CreateAsync(leads, Json.Of("""{ "name": "Direct", "stage": "sql" }"""), User()));
        var sql = await Records.UpdateAsync(leads, lead.Id, Json.Of("""{ "stage": "sql", "budget": 20000, "chain": "CTO" }"""), lead.Version, User());
        Assert.That(sql.Values["stage"], Is.EqualTo("sql"));
        var same = await Records.UpdateAsync(leads, lead.Id, Json.Of("""{ "budget": 15000 }"""), sql.Version, User());
        Assert.That(same.Values["budget"], Is.EqualTo(15000m), "a record already in a stage is not checked again on other changes");
    }

    [Test]
    public async Task Every_move_is_kept_with_who_and_when_and_a_workflow_on_entering_a_stage_tells_the_owners_manager()
    {
        var app = await NewAppAsync();
        var leads = await PublishAsync(app, LeadForm);
        var owner = await TestUsers.AddAsync(Database, $"rep-{app}@example.com");
        var manager = await TestUsers.AddAsync(Database, $"boss-{app}@example.com");
        var team = await Departments.CreateAsync($"Sales {app}", null);
        await Departments.SetMemberAsync(team.Id, owner, isPrimary: true, isManager: false);
        await Departments.SetMemberAsync(team.Id, manager, isPrimary: true, isManager: true);
        await EnableAsync(app, """
            { "key": "qualified", "form": "lead", "trigger": { "type": "stageEntered", "field": "stage", "stage": "sql" },
              "steps": [ { "id": "tell", "type": "notify", "to": [ { "managerOf": "owner" } ], "title": "'Qualified: ' & name" } ] }
            """);
        await EnableAsync(app, """
            { "key": "lost", "form": "lead", "trigger": { "type": "stageLeft", "field": "stage", "stage": "mql" },
              "steps": [ { "id": "tell", "type": "notify", "to": [ { "field": "owner" } ], "title": "'Left MQL: ' & name" } ] }
            """);

        var lead = await Records.CreateAsync(leads, Json.Of("""{ "name": "Acme", "stage": "lead" }"""), User(owner));
        await UpdateAsync(leads, lead.Id, """{ "stage": "mql" }""", owner);
        Clock.Advance(TimeSpan.FromHours(1));
        await UpdateAsync(leads, lead.Id, """{ "stage": "sql", "budget": 50000, "chain": "CFO" }""", owner);
        await SettleAsync();

        var moves = await Records.StagesAsync(leads, lead.Id, User(owner));
        Assert.That(moves.Select(m => (m.From, m.To)), Is.EqualTo(new (string?, string?)[] { (null, "lead"), ("lead", "mql"), ("mql", "sql") }));
        Assert.That(moves.Select(m => m.Version), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(moves.All(m => m.UserId == owner && m.Actor.Kind == Platform.Engine.Records.Actor.UserKind));
        Assert.That(moves[2].At - moves[1].At, Is.EqualTo(TimeSpan.FromHours(1)), "time in stage is read from here");

        Assert.That((await Notifications.ListAsync(manager)).Items.Select(n => n.Title), Is.EqualTo(new[] { "Qualified: Acme" }), "escalated to the owner's manager");
        Assert.That((await Notifications.ListAsync(owner)).Items.Select(n => n.Title), Is.EqualTo(new[] { "Left MQL: Acme" }));
        Assert.That(await Runs.ListAsync(app, "qualified"), Has.Count.EqualTo(1));
        Assert.That(async () => await Records.StagesAsync(leads, lead.Id + 999, User()), Throws.TypeOf<NotFoundException>());
    }

    [TestCase("""{ "lead": [ "nowhere" ] }""", "{}", "stage.stages.moves.lead", "option.unknown")]
    [TestCase("{}", """{ "sql": { "required": [ "colour" ] } }""", "stage.stages.entry.sql.required", "unknownField")]
    [TestCase("{}", """{ "sql": { "condition": "budget >" } }""", "stage.stages.entry.sql.condition", "script.syntax")]
    [TestCase("{}", """{ "gold": { "required": [ "budget" ] } }""", "stage.stages.entry.gold", "option.unknown")]
    public async Task Publishing_refuses_stage_rules_that_name_what_is_not_there(string moves, string entry, string place, string code)
    {
        var app = await NewAppAsync();
        var form = $$"""
            { "key": "lead", "fields": [ { "key": "budget", "type": "money" },
              { "key": "stage", "type": "select", "options": [ { "key": "lead" }, { "key": "sql" } ], "stages": { "moves": {{moves}}, "entry": {{entry}} } } ] }
            """;
        var e = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Forms.PublishAsync(app, FormJson.Parse(form)));
        Assert.That(e!.Errors.Select(x => (x.Field, x.Code)), Does.Contain((place, code)), string.Join("; ", e.Errors.Select(x => $"{x.Field} {x.Code}")));
    }
}
