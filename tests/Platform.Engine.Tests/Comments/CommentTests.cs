using Platform.Engine.Comments;
using Platform.Engine.Notifications;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Comments;

/// <summary>Comments on records: written and listed by whoever sees the record, @mentions notified once, deleted by their writer.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class CommentTests(TestDatabase target) : EngineFixture(target)
{
    [Test]
    public async Task A_comment_mentions_colleagues_who_are_told_and_only_its_writer_deletes_it()
    {
        var app = await NewAppAsync();
        var form = await PublishAsync(app, """{ "key": "deal", "fields": [ { "key": "name", "type": "text" } ] }""");
        var users = new UserService(Database, Clock);
        var notifications = new NotificationService(Database, Clock);
        var comments = new CommentService(Database, Records, notifications, users, new AccessResolver(Database), Clock);
        var writer = (await users.CreateAsync($"w-{app}@example.com", "long enough pw", "Wang Fang", false, ct: default)).Id;
        var colleague = (await users.CreateAsync($"c-{app}@example.com", "long enough pw", "Li Lei", false, ct: default)).Id;
        var deal = await Records.CreateAsync(form, Json.Of("""{ "name": "Acme" }"""), User(writer));

        // The colleague reads Chinese; the writer writes in English: the notification is worded in its reader's language.
        await users.UpdateAsync(colleague, new ProfileChange(Locale: "zh-CN"));
        var comment = await comments.AddAsync(form, deal.Id, "  Please call the CFO today  ", [colleague, colleague, writer], User(writer) with { Culture = "en" });
        Assert.That((comment.Body, comment.Mentions), Is.EqualTo(("Please call the CFO today", (IReadOnlyList<long>)new[] { colleague, writer })).Using<(string, IReadOnlyList<long>)>(
            (a, b) => a.Item1 == b.Item1 && a.Item2.SequenceEqual(b.Item2)));
        var told = (await notifications.ListAsync(colleague)).Items.Single();
        Assert.That(told.Title, Is.EqualTo("Wang Fang 提到了你：Please call the CFO today"));
        Assert.That(told.Link, Is.EqualTo(new NotificationLink(app, "deal", deal.Id)));
        Assert.That((await notifications.ListAsync(writer)).Items, Is.Empty, "nobody is told of their own mention");

        var errors = (await Assert.ThrowsAsync<ValidationFailedException>(() => comments.AddAsync(form, deal.Id, " ", [999_999], User(writer))))!.Errors;
        Assert.That(errors.Select(e => (e.Field, e.Code)), Is.EquivalentTo(new[] { ("body", "required"), ("mentions[0]", "user.missing") }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => comments.AddAsync(form, deal.Id, new string('x', 4001), null, User(writer)));
        await Assert.ThrowsAsync<NotFoundException>(() => comments.AddAsync(form, deal.Id + 1000, "hi", null, User(writer)));

        // Someone whose role shows only their own records cannot be mentioned on another's: being told would show them the comment.
        var roles = new RoleService(Database, Clock);
        await roles.CreateAsync(app, "rep", new Platform.Engine.Forms.LocalizedText("Rep"));
        await new PermissionService(Database, Forms, Clock).SetAsync(app, "rep", "deal", Json.Of("""{ "actions": [ "read" ], "read": "own" }"""));
        var outsider = (await users.CreateAsync($"o-{app}@example.com", "long enough pw", "Outsider", false, ct: default)).Id;
        await roles.AddMemberAsync(app, "rep", outsider);
        var hidden = (await Assert.ThrowsAsync<ValidationFailedException>(() => comments.AddAsync(form, deal.Id, "psst", [outsider], User(writer))))!.Errors;
        Assert.That(hidden.Single().Code, Is.EqualTo("comment.cannotSee"));

        Assert.That((await Assert.ThrowsAsync<ForbiddenException>(() => comments.DeleteAsync(form, deal.Id, comment.Id, User(colleague))))!.Code, Is.EqualTo("comment.notYours"));
        await comments.DeleteAsync(form, deal.Id, comment.Id, User(writer));
        Assert.That(await comments.ListAsync(form, deal.Id, User(colleague)), Is.Empty);
        await Assert.ThrowsAsync<NotFoundException>(() => comments.DeleteAsync(form, deal.Id, comment.Id, User(writer)));
    }
}
