using Platform.Engine.Apps;
using Platform.Engine.Jobs;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Churn;

namespace Platform.Engine.Tests.Workflows;

/// <summary>
/// Churn warnings: a score from weighted factors, graded levels that tell different people (the owner at light, the
/// manager at high) as a record rises through them (on a write or the daily look again), and the owner's answer that
/// snoozes the warning and is kept for review.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class ChurnTests(TestDatabase target) : WorkflowFixture(target)
{
    private const string Customer = """
        { "key": "customer", "fields": [
            { "key": "name", "type": "text", "required": true },
            { "key": "last_contact", "type": "date" },
            { "key": "complaints", "type": "number" },
            { "key": "churn_score", "type": "number" },
            { "key": "churn_level", "type": "select", "options": [ { "key": "light" }, { "key": "watch" }, { "key": "high" } ] } ],
          "churn": { "scoreField": "churn_score", "levelField": "churn_level", "snoozeDays": 14,
            "factors": [
              { "key": "silence", "value": "IF(ISBLANK(last_contact), 0, DAYS(TODAY(), last_contact) / 60)", "weight": 60 },
              { "key": "complaints", "value": "complaints / 3", "weight": 40 } ],
            "levels": [ { "level": "light", "from": 30, "notify": [ "owner" ] }, { "level": "watch", "from": 60, "notify": [ "owner" ] },
                        { "level": "high", "from": 80, "notify": [ "manager" ] } ] } }
        """;

    private ChurnService Churn => new(Database, Records, Clock);

    private async Task<(Platform.Engine.Models.FormModel Customers, long Rep, long Boss)> SetUpAsync()
    {
        var app = await NewAppAsync();
        var rep = await TestUsers.AddAsync(Database, $"rep-{app}@example.com");
        var boss = await TestUsers.AddAsync(Database, $"boss-{app}@example.com");
        var team = await Departments.CreateAsync($"Sales {app}", null);
        await Departments.SetMemberAsync(team.Id, rep, isPrimary: true, isManager: false);
        await Departments.SetMemberAsync(team.Id, boss, isPrimary: true, isManager: true);
        // The record pipeline with the workflow engine's churn step, as the runtime registers it.
        Records = new Platform.Engine.Records.RecordService(Database, Sandbox, Clock,
            steps: [new ChurnWarningsStep(new ChurnSnoozes(Database), Notifications, Departments)]);
        return (await PublishAsync(app, Customer), rep, boss);
    }

    private string DaysAgo(int days) => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime).AddDays(-days).ToString("yyyy-MM-dd");

    [Test]
    public async Task A_score_from_weighted_factors_rises_through_levels_that_tell_the_owner_then_the_manager()
    {
        var (customers, rep, boss) = await SetUpAsync();
        var acme = await Records.CreateAsync(customers, Json.From(new { name = "Acme", last_contact = DaysAgo(30), complaints = 0, owner = rep }), User(rep));
        Assert.That((acme.Values["churn_score"], acme.Values["churn_level"]), Is.EqualTo((30m, "light")), "60 × 30/60");
        Assert.That((await Notifications.ListAsync(rep)).Items.Select(n => n.Title), Is.EqualTo(new[] { "Churn warning (light): Acme" }));

        var worse = await Records.UpdateAsync(customers, acme.Id, Json.Of("""{ "complaints": 2 }"""), acme.Version, User(rep));
        Assert.That((worse.Values["churn_score"], worse.Values["churn_level"]), Is.EqualTo((56.67m, "light")), "30 + 40 × 2/3, still light: nobody told again");
        Assert.That((await Notifications.ListAsync(rep)).Items, Has.Count.EqualTo(1));

        // Time alone raises it: the daily look again finds 90 days without contact.
        Clock.Advance(TimeSpan.FromDays(30));
        var jobs = new JobService(Database, [new RecomputeJob(Forms, Records)], Clock);
        await new DailyRecompute(Database, jobs, Clock, TimeZoneInfo.Utc).EnqueueDueAsync();
        await jobs.RunDueAsync();
        var high = await Records.GetAsync(customers, acme.Id, User());
        Assert.That((high.Values["churn_score"], high.Values["churn_level"]), Is.EqualTo((86.67m, "high")), "silence capped at 1: 60 + 26.67");
        Assert.That((await Notifications.ListAsync(boss)).Items.Select(n => n.Title), Is.EqualTo(new[] { "Churn warning (high): Acme" }), "the manager at high");
    }

    [Test]
    public async Task The_owners_answer_snoozes_the_warning_and_is_kept_for_review_and_bad_answers_are_refused()
    {
        var (customers, rep, boss) = await SetUpAsync();
        var calm = await Records.CreateAsync(customers, Json.From(new { name = "Calm", complaints = 0, owner = rep }), User(rep));
        Assert.That((await Assert.ThrowsAsync<ConflictException>(() => Churn.RespondAsync(customers, calm.Id, "fine", User(rep))))!.Code, Is.EqualTo("churn.noLevel"));

        var acme = await Records.CreateAsync(customers, Json.From(new { name = "Acme", complaints = 3, owner = rep }), User(rep));
        Assert.That(acme.Values["churn_level"], Is.EqualTo("light"), "40 of complaints");
        Assert.That((await Assert.ThrowsAsync<ForbiddenException>(() => Churn.RespondAsync(customers, acme.Id, "not mine", User(boss))))!.Code,
            Is.EqualTo("churn.notOwner"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Churn.RespondAsync(customers, acme.Id, "  ", User(rep)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Churn.RespondAsync(customers, acme.Id, new string('x', 2001), User(rep)));

        var answer = await Churn.RespondAsync(customers, acme.Id, "Still in contact: renewal call on Friday", User(rep));
        Assert.That((answer.Level, answer.Until), Is.EqualTo(("light", Clock.GetUtcNow().UtcDateTime.AddDays(14))));
        var told = (await Notifications.ListAsync(rep)).Items.Count;
        var worse = await Records.UpdateAsync(customers, acme.Id, Json.From(new { last_contact = DaysAgo(45) }), acme.Version, User(rep));
        Assert.That(worse.Values["churn_level"], Is.EqualTo("high"), "85: the level still shows");
        Assert.That(((await Notifications.ListAsync(rep)).Items.Count, (await Notifications.ListAsync(boss)).Items.Count), Is.EqualTo((told, 0)), "but nobody is told while snoozed");

        Clock.Advance(TimeSpan.FromDays(15));
        var calmer = await Records.UpdateAsync(customers, acme.Id, Json.From(new { complaints = 0 }), worse.Version, User(rep));
        await Records.UpdateAsync(customers, acme.Id, Json.From(new { complaints = 3 }), calmer.Version, User(rep));
        Assert.That((await Notifications.ListAsync(boss)).Items, Has.Count.EqualTo(1), "the snooze is over: rising to high again tells the manager");
        Assert.That((await Churn.ResponsesAsync(customers, acme.Id, User(boss))).Select(r => (r.Note, r.UserId)),
            Is.EqualTo(new[] { ("Still in contact: renewal call on Friday", (long?)rep) }), "kept for review");
    }

    [TestCase("""{ "scoreField": "name", "levelField": "churn_level", "factors": [ { "key": "f", "value": "1", "weight": 10 } ], "levels": [ { "level": "light", "from": 1 } ] }""", "churn.scoreField", "churn.scoreField")]
    [TestCase("""{ "scoreField": "churn_score", "levelField": "name", "factors": [ { "key": "f", "value": "1", "weight": 10 } ], "levels": [ { "level": "light", "from": 1 } ] }""", "churn.levelField", "churn.levelField")]
    [TestCase("""{ "scoreField": "churn_score", "levelField": "churn_level", "factors": [ { "key": "f", "value": "1", "weight": 101 } ], "levels": [ { "level": "light", "from": 1 } ] }""", "churn.factors[0].weight", "churn.weight")]
    [TestCase("""{ "scoreField": "churn_score", "levelField": "churn_level", "factors": [ { "key": "f", "value": "name +", "weight": 10 } ], "levels": [ { "level": "light", "from": 1 } ] }""", "churn.factors[0].value", "script.syntax")]
    [TestCase("""{ "scoreField": "churn_score", "levelField": "churn_level", "factors": [ { "key": "f", "value": "1", "weight": 10 } ], "levels": [ { "level": "light", "from": 50 }, { "level": "high", "from": 40 } ] }""", "churn.levels[1].from", "churn.levelOrder")]
    [TestCase("""{ "scoreField": "churn_score", "levelField": "churn_level", "factors": [ { "key": "f", "value": "1", "weight": 10 } ], "levels": [ { "level": "red", "from": 1 } ] }""", "churn.levels[0].level", "option.unknown")]
    [TestCase("""{ "scoreField": "churn_score", "levelField": "churn_level", "factors": [ { "key": "f", "value": "1", "weight": 10 } ], "levels": [ { "level": "light", "from": 1, "notify": [ "name" ] } ] }""", "churn.levels[0].notify", "workflow.notUserField")]
    [TestCase("""{ "scoreField": "churn_score", "levelField": "churn_level", "factors": [], "levels": [ { "level": "light", "from": 1 } ] }""", "churn.factors", "required")]
    public async Task A_bad_churn_warning_is_refused_at_publish_by_place(string churn, string place, string code)
    {
        var app = await NewAppAsync();
        var json = $$"""
            { "key": "customer", "fields": [ { "key": "name", "type": "text" }, { "key": "churn_score", "type": "number" },
              { "key": "churn_level", "type": "select", "options": [ { "key": "light" }, { "key": "high" } ] } ], "churn": {{churn}} }
            """;
        var refused = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Forms.PublishAsync(app, Platform.Engine.Forms.FormJson.Parse(json)));
        Assert.That(refused!.Errors.Select(e => (e.Field, e.Code)), Does.Contain((place, code)));
    }
}
