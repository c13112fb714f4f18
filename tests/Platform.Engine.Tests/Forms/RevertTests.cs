using Platform.Engine.Apps;
using Platform.Engine.Records;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Forms;

/// <summary>Going back to an earlier version of a form: published again as the next version, with the same plan and the same care for data as any publish.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class RevertTests(TestDatabase target) : EngineFixture(target)
{
    private static readonly CallerContext Admin = CallerContext.ForUser(1, isAdmin: true);

    [Test]
    public async Task A_revert_publishes_the_old_definition_as_the_next_version_and_keeps_the_data_of_what_it_lacks()
    {
        var app = await NewAppAsync();
        var publisher = new FormPublisher(Forms, Records);
        await PublishAsync(app, """{ "key": "lead", "fields": [ { "key": "name", "type": "text" } ] }""");
        var v2 = await PublishAsync(app, """{ "key": "lead", "fields": [ { "key": "name", "type": "text" }, { "key": "city", "type": "text" } ] }""");
        var record = await Records.CreateAsync(v2, Json.From(new { name = "Acme", city = "杭州" }), User());

        var planned = await publisher.RevertAsync(app, "lead", 1, Admin, dryRun: true);
        Assert.That((planned.Version, planned.DryRun), Is.EqualTo((3, true)));
        Assert.That(planned.Plan.Changes.Select(c => (c.Field, c.Action)), Does.Contain(("city", "remove")));
        Assert.That((await Forms.GetAsync(app, "lead")).Version, Is.EqualTo(2), "a dry run changes nothing");

        var reverted = await publisher.RevertAsync(app, "lead", 1, Admin);
        var (definition, version) = await Forms.GetAsync(app, "lead");
        Assert.That((reverted.Version, version, definition.Fields.Select(f => f.Key)), Is.EqualTo((3, 3, new[] { "name" })));

        // Undone by reverting to version 2: the field comes back with its value.
        await publisher.RevertAsync(app, "lead", 2, Admin);
        var model = await Forms.GetModelAsync(app, "lead");
        Assert.That((await Records.GetAsync(model, record.Id, User())).Values["city"], Is.EqualTo("杭州"));
        await Assert.ThrowsAsync<NotFoundException>(() => publisher.RevertAsync(app, "lead", 9, Admin));
    }
}
