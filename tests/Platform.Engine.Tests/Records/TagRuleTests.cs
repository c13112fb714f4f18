using Platform.Engine.Apps;
using Platform.Engine.Jobs;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records;

/// <summary>
/// Dynamic tags: a form's tag rules put their tag on while their condition holds and take it off when it stops, on every
/// write, on a publish that changes them and on the daily look again (for conditions that turn with time alone), each
/// change kept with its rule.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class TagRuleTests(TestDatabase target) : EngineFixture(target)
{
    private const string Customer = """
        { "key": "customer", "fields": [
            { "key": "name", "type": "text", "required": true },
            { "key": "revenue", "type": "money" },
            { "key": "inquiries", "type": "number" },
            { "key": "last_contact", "type": "date" },
            { "key": "tags", "type": "multiselect", "options": [ { "key": "vip" }, { "key": "upgrade" }, { "key": "dormant" }, { "key": "partner" } ] } ],
          "tagRules": [
            { "key": "bigSpender", "field": "tags", "tag": "vip", "when": "revenue >= 100000" },
            { "key": "advancedInterest", "field": "tags", "tag": "upgrade", "when": "inquiries >= 3" },
            { "key": "quiet", "field": "tags", "tag": "dormant", "when": "NOT(ISBLANK(last_contact)) && DAYS(TODAY(), last_contact) > 30" } ] }
        """;

    [Test]
    public async Task Tags_follow_their_rules_on_every_write_and_each_change_is_kept_with_its_rule()
    {
        var app = await NewAppAsync();
        var customers = await PublishAsync(app, Customer);
        var acme = await Records.CreateAsync(customers, Json.Of("""{ "name": "Acme", "revenue": 250000, "inquiries": 1, "tags": [ "partner" ] }"""), User());
        Assert.That(acme.Values["tags"], Is.EqualTo(new[] { "partner", "vip" }), "a tag set by hand stays; the rule adds its own");

        var changed = await Records.UpdateAsync(customers, acme.Id, Json.Of("""{ "inquiries": 3, "revenue": 5000 }"""), acme.Version, User());
        Assert.That(changed.Values["tags"], Is.EqualTo(new[] { "partner", "upgrade" }));
        var again = await Records.UpdateAsync(customers, acme.Id, Json.Of("""{ "tags": [ "vip" ] }"""), changed.Version, User());
        Assert.That(again.Values["tags"], Is.EqualTo(new[] { "upgrade" }), "a rule's tag is the rule's: not kept or taken off by hand");

        var history = await Records.TagHistoryAsync(customers, acme.Id, User());
        Assert.That(history.Select(h => (h.Tag, h.Added, h.Rule, h.Version)), Is.EqualTo(new (string, bool, string, long)[]
        {
            ("vip", true, "bigSpender", 1), ("vip", false, "bigSpender", 2), ("upgrade", true, "advancedInterest", 2),
        }));
        Assert.That(history[0].Actor.Kind, Is.EqualTo(Platform.Engine.Records.Actor.UserKind));
    }

    [Test]
    public async Task A_rule_that_turns_with_time_alone_is_looked_at_again_daily_and_a_new_rule_reaches_existing_records()
    {
        var app = await NewAppAsync();
        var customers = await PublishAsync(app, Customer);
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        var quiet = await Records.CreateAsync(customers, Json.From(new { name = "Quiet", last_contact = today.AddDays(-29).ToString("yyyy-MM-dd") }), User());
        Assert.That(quiet.Values.GetValueOrDefault("tags") as IEnumerable<string> ?? [], Is.Empty);

        var jobs = new JobService(Database, [new RecomputeJob(Forms, Records)], Clock);
        var daily = new DailyRecompute(Database, jobs, Clock, TimeZoneInfo.Utc);
        Clock.Advance(TimeSpan.FromDays(2));
        Assert.That(await daily.EnqueueDueAsync(), Is.GreaterThanOrEqualTo(1));
        Assert.That(await daily.EnqueueDueAsync(), Is.Zero, "once a day");
        await jobs.RunDueAsync();
        Assert.That((await Records.GetAsync(customers, quiet.Id, User())).Values["tags"], Is.EqualTo(new[] { "dormant" }), "31 days without contact");
        var change = (await Records.TagHistoryAsync(customers, quiet.Id, User())).Single();
        Assert.That((change.Rule, change.Actor.Kind), Is.EqualTo(("quiet", Platform.Engine.Records.Actor.RecomputeKind)));

        // A new rule, published, is computed for the records already there.
        var withPartner = Customer.Replace("""{ "key": "quiet",""", """{ "key": "partners", "field": "tags", "tag": "partner", "when": "name = 'Quiet'" }, { "key": "quiet",""");
        await new FormPublisher(Forms, Records).PublishAsync(app, Platform.Engine.Forms.FormJson.Parse(withPartner), User(1) with { IsAdmin = true });
        Assert.That((await Records.GetAsync(customers, quiet.Id, User())).Values["tags"], Is.EquivalentTo(new[] { "dormant", "partner" }));
    }

    [TestCase("""{ "key": "r", "field": "name", "tag": "vip", "when": "true" }""", "tagRules[0].field", "tagRule.notTagField")]
    [TestCase("""{ "key": "r", "field": "tags", "tag": "gold", "when": "true" }""", "tagRules[0].tag", "option.unknown")]
    [TestCase("""{ "key": "r", "field": "tags", "tag": "vip", "when": "revenue +" }""", "tagRules[0].when", "script.syntax")]
    [TestCase("""{ "key": "r", "field": "tags", "tag": "vip", "when": "true" }, { "key": "r", "field": "tags", "tag": "upgrade", "when": "true" }""", "tagRules[1].key", "tagRule.duplicate")]
    [TestCase("""{ "key": "r", "field": "tags", "tag": "vip", "when": "true" }, { "key": "s", "field": "tags", "tag": "vip", "when": "false" }""", "tagRules[1].tag", "tagRule.tagTaken")]
    [TestCase("""{ "key": "1r", "field": "tags", "tag": "vip", "when": "true" }""", "tagRules[0].key", "key.invalid")]
    public async Task A_bad_tag_rule_is_refused_at_publish_by_place(string rule, string place, string code)
    {
        var app = await NewAppAsync();
        var json = $$"""
            { "key": "customer", "fields": [ { "key": "name", "type": "text" }, { "key": "revenue", "type": "money" },
              { "key": "tags", "type": "multiselect", "options": [ { "key": "vip" }, { "key": "upgrade" } ] } ], "tagRules": [ {{rule}} ] }
            """;
        var refused = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Forms.PublishAsync(app, Platform.Engine.Forms.FormJson.Parse(json)));
        Assert.That(refused!.Errors.Select(e => (e.Field, e.Code)), Does.Contain((place, code)));
    }
}
