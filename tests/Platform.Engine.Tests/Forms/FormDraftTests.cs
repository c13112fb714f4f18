using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Records;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Forms;

/// <summary>
/// Designers' drafts kept by the server: saved in any state over the draft version they were read at, refused when saved
/// from elsewhere meanwhile, an admin's alone, ended by publishing the form.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class FormDraftTests(TestDatabase target) : EngineFixture(target)
{
    private static readonly CallerContext Admin = CallerContext.ForUser(1, isAdmin: true);

    [Test]
    public async Task A_draft_survives_is_saved_over_its_version_and_ends_when_the_form_is_published()
    {
        var app = await NewAppAsync();
        var drafts = new FormDrafts(Database, Clock);

        // Half-done work saves as it is: no field has a type yet.
        var first = await drafts.SaveAsync(app, "lead", Json.Of("""{ "key": "lead", "fields": [ { "key": "name" } ] }"""), null, Admin);
        var second = await drafts.SaveAsync(app, "lead", Json.Of("""{ "key": "lead", "fields": [ { "key": "name", "type": "text" } ] }"""), first.Version, Admin);
        var read = await drafts.GetAsync(app, "lead", Admin);
        Assert.That((first.Version, second.Version, read.Version), Is.EqualTo((1, 2, 2)));
        Assert.That(read.Definition.GetProperty("fields")[0].GetProperty("type").GetString(), Is.EqualTo("text"));

        // A second window that read version 1 does not overwrite version 2 unknowingly.
        var stale = await Assert.ThrowsAsync<ConflictException>(() => drafts.SaveAsync(app, "lead", Json.Of("""{ "fields": [] }"""), first.Version, Admin));
        Assert.That(stale!.Message, Does.Contain("version 2"));

        var publisher = new FormPublisher(Forms, Records, drafts: drafts);
        await publisher.PublishAsync(app, FormJson.Parse(read.Definition.GetRawText()), Admin);
        await Assert.ThrowsAsync<NotFoundException>(() => drafts.GetAsync(app, "lead", Admin), "published, the draft is done with");
        var again = await drafts.SaveAsync(app, "lead", Json.Of("""{ "key": "lead" }"""), 0, Admin);
        Assert.That(again.Version, Is.EqualTo(3), "a new draft after publishing starts over version 0, numbered on");
        await drafts.DiscardAsync(app, "lead", Admin);
        await Assert.ThrowsAsync<NotFoundException>(() => drafts.GetAsync(app, "lead", Admin));
    }

    [Test]
    public async Task A_draft_that_cannot_be_kept_is_refused_and_only_an_admin_drafts()
    {
        var app = await NewAppAsync();
        var drafts = new FormDrafts(Database, Clock);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => drafts.SaveAsync(app, "lead", Json.Of("""{ "key": "deal" }"""), null, Admin));
        Assert.That(refused!.Errors.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { ("definition.key", "draft.key") }));
        var notObject = await Assert.ThrowsAsync<ValidationFailedException>(() => drafts.SaveAsync(app, "Bad Key", Json.Of("[1]"), null, Admin));
        Assert.That(notObject!.Errors.Select(e => e.Field), Is.EqualTo(new[] { "form", "definition" }));
        var huge = Json.From(new { key = "lead", note = new string('x', FormDrafts.MaxChars) });
        var tooLarge = await Assert.ThrowsAsync<ValidationFailedException>(() => drafts.SaveAsync(app, "lead", huge, null, Admin));
        Assert.That(tooLarge!.Errors.Single().Message("zh-CN"), Does.Contain("草稿最多"));
        await Assert.ThrowsAsync<ForbiddenException>(() => drafts.SaveAsync(app, "lead", Json.Of("{}"), null, User()));
        await Assert.ThrowsAsync<ForbiddenException>(() => drafts.GetAsync(app, "lead", User()));
        await Assert.ThrowsAsync<NotFoundException>(() => drafts.SaveAsync("no_such_app", "lead", Json.Of("{}"), null, Admin));
        await Assert.ThrowsAsync<NotFoundException>(() => drafts.GetAsync(app, "lead", Admin), "nothing was kept");
    }
}
