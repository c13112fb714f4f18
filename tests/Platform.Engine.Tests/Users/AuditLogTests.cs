using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Users;

/// <summary>The audit log keeps entries in order and pages them, newest first, by time, user and action.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class AuditLogTests(TestDatabase target) : EngineFixture(target)
{
    [Test]
    public async Task Entries_come_back_newest_first_and_filtered()
    {
        var log = new AuditLog(Database, Clock);
        var start = Clock.GetUtcNow().UtcDateTime;
        await log.WriteAsync(7, "signIn", "a@example.com", address: "10.1.2.3");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await log.WriteAsync(null, "signInFailed", "b@example.com", address: "10.1.2.4");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await log.WriteAsync(7, "permission.set", "crm/lead/sales", new { actions = new[] { "read" } });

        var all = await log.QueryAsync(new AuditQuery());
        var sevens = await log.QueryAsync(new AuditQuery(UserId: 7));
        var failures = await log.QueryAsync(new AuditQuery(Action: "signInFailed"));
        var window = await log.QueryAsync(new AuditQuery(From: start.AddSeconds(30), To: start.AddSeconds(90)));
        var page = await log.QueryAsync(new AuditQuery(Before: all[0].Id, Size: 1));

        Assert.That(all.Select(e => e.Action), Is.EqualTo(new[] { "permission.set", "signInFailed", "signIn" }));
        Assert.That(sevens.Select(e => e.Action), Is.EqualTo(new[] { "permission.set", "signIn" }));
        Assert.That(failures.Single().Target, Is.EqualTo("b@example.com"));
        Assert.That(window.Single().Action, Is.EqualTo("signInFailed"));
        Assert.That(page.Single().Action, Is.EqualTo("signInFailed"));
        Assert.That(all[0].Detail!["actions"]![0]!.GetValue<string>(), Is.EqualTo("read"));
        Assert.That(all[2].Address, Is.EqualTo("10.1.2.3"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => log.QueryAsync(new AuditQuery(Size: 0)));
    }
}
