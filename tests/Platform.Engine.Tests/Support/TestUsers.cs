using Dapper;
using Platform.Engine.Storage;

namespace Platform.Engine.Tests.Support;


public static class TestUsers
{
    /// <summary>Adds a user row directly, as the auth layer would, and returns its id.</summary>
    public static async Task<long> AddAsync(PlatformDatabase database, string email)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            database.Dialect.InsertReturningId("pf_users", ["email", "name", "password_hash", "is_admin", "created_at"]),
            new { p0 = email, p1 = email, p2 = "x", p3 = database.Dialect.ToDb(ColumnType.Boolean, false), p4 = database.Dialect.ToDb(ColumnType.DateTime, DateTime.UtcNow) });
    }
}
