using Dapper;
using Platform.Engine.Users;

namespace Platform.Engine.Tests.Users;

/// <summary>Every call looks its token up: a revoked or expired one stops working at once, and so does a disabled user's.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class TokenTests(TestDatabase target) : EngineFixture(target)
{
    [Test]
    public async Task A_revoked_or_expired_token_stops_working_on_the_next_call()
    {
        var users = new UserService(Database, Clock);
        var email = $"u{Guid.NewGuid():N}@example.com";
        await users.CreateAsync(email, "long enough password", "U", isAdmin: false);
        var revoked = (await users.IssueTokenAsync(email, "long enough password"))!;
        var expiring = (await users.IssueTokenAsync(email, "long enough password", TimeSpan.FromSeconds(5)))!;
        Assert.That(await users.AuthenticateAsync(revoked.Token), Is.Not.Null);
        Assert.That(await users.AuthenticateAsync(expiring.Token), Is.Not.Null);

        await using (var connection = await Database.OpenAsync())
            await connection.ExecuteAsync("DELETE FROM pf_tokens WHERE user_id = (SELECT id FROM pf_users WHERE email = @email) AND expires_at > @soon",
                new { email, soon = Database.Dialect.ToDb(Platform.Engine.Storage.ColumnType.DateTime, Clock.GetUtcNow().UtcDateTime.AddHours(1)) });
        Clock.Advance(TimeSpan.FromSeconds(6));

        Assert.That(await users.AuthenticateAsync(expiring.Token), Is.Null, "expired");
        Assert.That(await users.AuthenticateAsync(revoked.Token), Is.Null, "revoked");
    }
}
