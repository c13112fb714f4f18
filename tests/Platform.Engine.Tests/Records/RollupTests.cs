using Platform.Engine.Apps;
using Platform.Engine.Jobs;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records;

/// <summary>
/// Rollup fields: a customer's count of follow-ups in the last 30 days, the sum of its orders, its last follow-up time and
/// latest outcome, kept current in the transaction of each follow-up's change, refreshed daily for the window, and read
/// by tag rules ("≥ 3 inquiries in 30 days → upgrade").
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class RollupTests(TestDatabase target) : EngineFixture(target)
{
    private const string CustomerV1 = """{ "key": "customer", "fields": [ { "key": "name", "type": "text" } ] }""";

    private const string FollowUp = """
        { "key": "followup", "fields": [
            { "key": "customer", "type": "relation", "form": "customer" },
            { "key": "kind", "type": "select", "options": [ { "key": "call" }, { "key": "inquiry" } ] },
            { "key": "outcome", "type": "text" },
            { "key": "amount", "type": "money" },
            { "key": "at", "type": "datetime" } ] }
        """;

    private const string CustomerV2 = """
        { "key": "customer", "fields": [
            { "key": "name", "type": "text" },
            { "key": "recent", "type": "rollup", "from": "followup", "via": "customer", "withinDays": 30 },
            { "key": "inquiries", "type": "rollup", "from": "followup", "via": "customer", "where": { "kind": "inquiry" }, "withinDays": 30, "dateField": "at" },
            { "key": "spent", "type": "rollup", "from": "followup", "via": "customer", "aggregate": "sum", "field": "amount" },
            { "key": "last_at", "type": "rollup", "from": "followup", "via": "customer", "aggregate": "max", "field": "at", "resultType": "dateTime" },
            { "key": "last_outcome", "type": "rollup", "from": "followup", "via": "customer", "aggregate": "latest", "field": "outcome", "resultType": "text", "dateField": "at" },
            { "key": "tags", "type": "multiselect", "options": [ { "key": "upgrade" } ] } ],
          "tagRules": [ { "key": "interested", "field": "tags", "tag": "upgrade", "when": "inquiries >= 3" } ] }
        """;

    private async Task<(string App, Platform.Engine.Models.FormModel Customers, Platform.Engine.Models.FormModel FollowUps)> SetUpAsync()
    {
        var app = await NewAppAsync();
        await PublishAsync(app, CustomerV1);
        var followUps = await PublishAsync(app, FollowUp);
        var customers = await PublishAsync(app, CustomerV2);
        return (app, customers, followUps);
    }

    private string At(double daysAgo) => Clock.GetUtcNow().UtcDateTime.AddDays(-daysAgo).ToString("yyyy-MM-ddTHH:mm:ssZ");

    [Test]
    public async Task Rollups_follow_every_change_of_the_related_records_in_the_same_transaction_and_tag_rules_read_them()
    {
        var (_, customers, followUps) = await SetUpAsync();
        var acme = await Records.CreateAsync(customers, Json.Of("""{ "name": "Acme" }"""), User());
        var other = await Records.CreateAsync(customers, Json.Of("""{ "name": "Other" }"""), User());
        Assert.That((acme.Values["recent"], acme.Values["spent"], acme.Values.GetValueOrDefault("last_at")), Is.EqualTo((0m, 0m, (object?)null)), "nothing yet");

        var first = await Records.CreateAsync(followUps, Json.From(new { customer = acme.Id, kind = "inquiry", outcome = "asked", amount = 100, at = At(3) }), User());
        await Records.CreateAsync(followUps, Json.From(new { customer = acme.Id, kind = "inquiry", outcome = "keen", amount = 50, at = At(1) }), User());
        var read = await Records.GetAsync(customers, acme.Id, User());
        Assert.That((read.Values["recent"], read.Values["inquiries"], read.Values["spent"], read.Values["last_outcome"]), Is.EqualTo((2m, 2m, 150m, "keen")));
        Assert.That(read.Values["last_at"], Is.EqualTo(Clock.GetUtcNow().UtcDateTime.AddDays(-1)).Within(TimeSpan.FromSeconds(1)));
        Assert.That(read.Values.GetValueOrDefault("tags") as IEnumerable<string> ?? [], Is.Empty);

        var third = await Records.CreateAsync(followUps, Json.From(new { customer = acme.Id, kind = "inquiry", outcome = "ready", at = At(0.5) }), User());
        read = await Records.GetAsync(customers, acme.Id, User());
        Assert.That((read.Values["inquiries"], read.Values["tags"]), Is.EqualTo((3m, (object)new[] { "upgrade" })), "a tag rule reads the rollup");
        Assert.That((await Records.TagHistoryAsync(customers, acme.Id, User())).Single().Rule, Is.EqualTo("interested"));

        // Moved to another customer: both are recomputed. Deleted: counted no more.
        await Records.UpdateAsync(followUps, first.Id, Json.From(new { customer = other.Id }), first.Version, User());
        await Records.DeleteAsync(followUps, third.Id, third.Version, User());
        read = await Records.GetAsync(customers, acme.Id, User());
        Assert.That((read.Values["inquiries"], read.Values["spent"], read.Values.GetValueOrDefault("tags") as IEnumerable<string> ?? []),
            Is.EqualTo((1m, 50m, (IEnumerable<string>)Array.Empty<string>())));
        Assert.That((await Records.GetAsync(customers, other.Id, User())).Values["spent"], Is.EqualTo(100m));
        var history = await Records.HistoryAsync(customers, acme.Id, User());
        Assert.That(history[^1].Actor.Kind, Is.EqualTo(Platform.Engine.Records.Actor.RecomputeKind), "changed by the rollup, on the writer's behalf");
    }

    [Test]
    public async Task A_window_forgets_what_ages_out_of_it_on_the_daily_look_again_and_a_new_rollup_counts_what_is_there()
    {
        var app = await NewAppAsync();
        await PublishAsync(app, CustomerV1);
        var followUps = await PublishAsync(app, FollowUp);
        var acme = await Records.CreateAsync(await Forms.GetModelAsync(app, "customer"), Json.Of("""{ "name": "Acme" }"""), User());
        await Records.CreateAsync(followUps, Json.From(new { customer = acme.Id, kind = "call", at = At(29) }), User());

        var jobs = new JobService(Database, [new RecomputeJob(Forms, Records)], Clock);
        var answer = await new FormPublisher(Forms, Records, jobs).PublishAsync(app, Platform.Engine.Forms.FormJson.Parse(CustomerV2), User(), recomputeLater: true);
        Assert.That(answer.Job, Is.Not.Null, "a new rollup is worked out for the records already there");
        await jobs.RunDueAsync();
        var customers = await Forms.GetModelAsync(app, "customer");
        Assert.That((await Records.GetAsync(customers, acme.Id, User())).Values["recent"], Is.EqualTo(1m));

        Clock.Advance(TimeSpan.FromDays(31));
        await new DailyRecompute(Database, jobs, Clock, TimeZoneInfo.Utc).EnqueueDueAsync();
        await jobs.RunDueAsync();
        Assert.That((await Records.GetAsync(customers, acme.Id, User())).Values["recent"], Is.EqualTo(0m), "out of the 30 days");
    }

    [TestCase("""{ "key": "r", "type": "rollup", "from": "nothing", "via": "customer" }""", "r.from", "relation.targetMissing")]
    [TestCase("""{ "key": "r", "type": "rollup", "from": "followup", "via": "outcome" }""", "r.via", "rollup.via")]
    [TestCase("""{ "key": "r", "type": "rollup", "from": "followup", "via": "customer", "aggregate": "sum", "field": "outcome" }""", "r.field", "rollup.fieldType")]
    [TestCase("""{ "key": "r", "type": "rollup", "from": "followup", "via": "customer", "aggregate": "max", "field": "nope" }""", "r.field", "rollup.field")]
    [TestCase("""{ "key": "r", "type": "rollup", "from": "followup", "via": "customer", "aggregate": "sum" }""", "r", "field.setting")]
    [TestCase("""{ "key": "r", "type": "rollup", "from": "followup", "via": "customer", "where": { "kind": "visit" } }""", "r.where.kind", "option.unknown")]
    [TestCase("""{ "key": "r", "type": "rollup", "from": "followup", "via": "customer", "withinDays": 30, "dateField": "outcome" }""", "r.dateField", "workflow.notDateField")]
    public async Task A_bad_rollup_is_refused_at_publish_by_place(string rollup, string place, string code)
    {
        var app = await NewAppAsync();
        await PublishAsync(app, CustomerV1);
        await PublishAsync(app, FollowUp);
        var json = $$"""{ "key": "customer", "fields": [ { "key": "name", "type": "text" }, {{rollup}} ] }""";
        var refused = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Forms.PublishAsync(app, Platform.Engine.Forms.FormJson.Parse(json)));
        Assert.That(refused!.Errors.Select(e => (e.Field, e.Code)), Does.Contain((place, code)));
    }
}
