using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Users;

/// <summary>One thing that matters for security: who (a user id, or none for a failed sign-in), what, on what, from where.</summary>
public sealed record AuditEntry(long Id, DateTime At, long? UserId, string Action, string? Target, JsonObject? Detail, string? Address);

/// <summary>Which entries to list: a time range, a user, an action; newest first, a page at a time (<c>before</c> an entry id).</summary>
public sealed record AuditQuery(DateTime? From = null, DateTime? To = null, long? UserId = null, string? Action = null, long? Before = null, int Size = 100);

/// <summary>
/// The audit log: sign-ins and their failures, people disabled and enabled, roles, role members and permissions changed,
/// records deleted, and (when they come) exports and imports. Entries are only ever added; nothing in the API changes
/// or removes one. The actions are pinned names: <c>signIn</c>, <c>signInFailed</c>, <c>user.created</c>, ….
/// </summary>
public sealed class AuditLog(PlatformDatabase database, TimeProvider clock)
{
    public const int MaxPage = 1000;

    public Task WriteAsync(long? userId, string action, string? target = null, object? detail = null, string? address = null, CancellationToken ct = default) =>
        database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(
            "INSERT INTO pf_audit (at, user_id, action, target, detail, address) VALUES (@at, @userId, @action, @target, @detail, @address)",
            new
            {
                at = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime), userId, action,
                target = Shorten(target), detail = detail is null ? null : JsonSerializer.Serialize(detail, JsonSerializerOptions.Web), address = Shorten(address),
            }, transaction), ct);

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        if (query.Size is < 1 or > MaxPage) throw new ValidationFailedException([new("size", "page.size", MaxPage)]);
        var dialect = database.Dialect;
        var where = new List<string> { "1=1" };
        var args = new DynamicParameters();
        void When(bool given, string condition, string name, object? value)
        {
            if (!given) return;
            where.Add(condition);
            args.Add(name, value);
        }
        When(query.From is not null, "at >= @from", "from", dialect.ToDb(ColumnType.DateTime, query.From));
        When(query.To is not null, "at < @to", "to", dialect.ToDb(ColumnType.DateTime, query.To));
        When(query.UserId is not null, "user_id = @userId", "userId", query.UserId);
        When(query.Action is not null, "action = @action", "action", query.Action);
        When(query.Before is not null, "id < @before", "before", query.Before);
        args.Add("limit", query.Size);
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync(
            dialect.Page($"SELECT id, at, user_id, action, target, detail, address FROM pf_audit WHERE {string.Join(" AND ", where)} ORDER BY id DESC", "@limit", null),
            args);
        return rows.Cast<IDictionary<string, object?>>().Select(r => new AuditEntry(
            (long)dialect.FromDb(ColumnType.Integer, r["id"])!, (DateTime)dialect.FromDb(ColumnType.DateTime, r["at"])!,
            (long?)dialect.FromDb(ColumnType.Integer, r["user_id"]), (string)r["action"]!, r["target"] as string,
            r["detail"] is string json ? JsonNode.Parse(json)!.AsObject() : null, r["address"] as string)).ToList();
    }

    private static string? Shorten(string? text) => text is { Length: > 250 } ? text[..250] : text;
}
