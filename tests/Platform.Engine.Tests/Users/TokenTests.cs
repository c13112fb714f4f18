using Dapper;
using Platform.Engine.Users;

namespace Platform.Engine.Tests.Users;

/// <summary>A checked token is believed for a few seconds without a lookup; a revoked one stops working within that time, an expired one at once.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class TokenTests(TestDatabase target) : EngineFixture(target)
{
    [Test]
    public async Task A_revoked_token_stops_working_within_the_cache_time_and_an_expired_one_at_once()
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

        Assert.That(await users.AuthenticateAsync(expiring.Token), Is.Null, "expired, whatever the cache holds");
        Assert.That(await users.AuthenticateAsync(revoked.Token), Is.Not.Null, "still believed within the cache time");
        Clock.Advance(UserService.TokenCacheTime);
        Assert.That(await users.AuthenticateAsync(revoked.Token), Is.Null, "revoked: gone after the cache time");
    }
}
