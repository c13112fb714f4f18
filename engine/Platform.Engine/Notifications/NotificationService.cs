using System.Text.Json;
using Dapper;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Notifications;

/// <summary>
/// The notifications people find in the app: written by workflows (and later comments and approvals) in the
/// transaction of what caused them, read newest first, marked read one by one or all at once.
/// </summary>
public sealed class NotificationService(PlatformDatabase database, TimeProvider clock)
{
    public const int MaxPage = 100;

    private const string Columns = "id, title, body, link, created_at, read_at";

    private const string UnreadSql = "SELECT COUNT(*) FROM pf_notifications WHERE user_id = @userId AND read_at IS NULL";

    /// <summary>Writes a notification in <paramref name="work"/>, unless one from the same source was written already.</summary>
    internal Task AddInAsync(UnitOfWork work, NewNotification notification, CancellationToken ct) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO pf_notifications (user_id, title, body, link, source, created_at) SELECT @user, @title, @body, @link, @source, @now " +
            "WHERE NOT EXISTS (SELECT 1 FROM pf_notifications WHERE source = @source)",
            new
            {
                user = notification.UserId, title = Cut(notification.Title), body = notification.Body is null ? null : Cut(notification.Body),
                link = notification.Link is null ? null : JsonSerializer.Serialize(notification.Link, JsonSerializerOptions.Web), source = notification.Source,
                now = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime),
            }, work.Transaction, cancellationToken: ct));

    /// <summary>
    /// Tells a user something the platform words (<paramref name="code"/> of the message catalogue), in the user's own
    /// language, in <paramref name="work"/>; once per source, like <see cref="AddInAsync"/>.
    /// </summary>
    internal async Task TellInAsync(UnitOfWork work, long userId, string code, object?[] args, string? body, NotificationLink? link, string source,
        CancellationToken ct)
    {
        var locale = await work.Connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT locale FROM pf_users WHERE id = @userId", new { userId },
            work.Transaction, cancellationToken: ct));
        await AddInAsync(work, new NewNotification(userId, Messages.Format(code, locale, args), body, link, source), ct);
    }

    /// <summary>The user's notifications, newest first, older than <paramref name="before"/> (an id) when given.</summary>
    public async Task<NotificationPage> ListAsync(long userId, bool unreadOnly = false, long? before = null, int limit = 50, CancellationToken ct = default)
    {
        if (limit is < 1 or > MaxPage) throw new ValidationFailedException([new("limit", "page.size", MaxPage)]);
        await using var connection = await database.OpenAsync(ct);
        var where = "user_id = @userId" + (unreadOnly ? " AND read_at IS NULL" : "") + (before is null ? "" : " AND id < @before");
        var rows = (await connection.QueryAsync<Row>(
            database.Dialect.Page($"SELECT {Columns} FROM pf_notifications WHERE {where} ORDER BY id DESC", "@limit", null),
            new { userId, before, limit = limit + 1 })).ToList();
        var unread = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            UnreadSql, new { userId }, cancellationToken: ct));
        var items = rows.Take(limit).Select(ToNotification).ToList();
        return new NotificationPage(items, unread, rows.Count > limit ? items[^1].Id : null);
    }

    /// <summary>How many of the user's notifications are unread: what the bell shows, asked every few seconds by each open page.</summary>
    public async Task<long> UnreadAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            UnreadSql, new { userId }, cancellationToken: ct));
    }

    /// <summary>Marks one of the user's notifications read; someone else's is not found.</summary>
    public async Task MarkReadAsync(long userId, long id, CancellationToken ct = default)
    {
        var found = await database.InTransactionAsync(async (connection, transaction) =>
        {
            var exists = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_notifications WHERE id = @id AND user_id = @userId",
                new { id, userId }, transaction);
            await connection.ExecuteAsync("UPDATE pf_notifications SET read_at = @now WHERE id = @id AND user_id = @userId AND read_at IS NULL",
                new { id, userId, now = Now() }, transaction);
            return exists > 0;
        }, ct);
        if (!found) throw new NotFoundException("notification.notFound", id);
    }

    /// <summary>Marks every unread notification of the user read; returns how many.</summary>
    public Task<int> MarkAllReadAsync(long userId, CancellationToken ct = default) =>
        database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(
            "UPDATE pf_notifications SET read_at = @now WHERE user_id = @userId AND read_at IS NULL", new { userId, now = Now() }, transaction), ct);

    private object? Now() => database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime);

    private static string Cut(string text) => text.Length <= 4000 ? text : text[..3999] + "…";

    private Notification ToNotification(Row row) => new(row.Id, row.Title, row.Body,
        row.Link is null ? null : JsonSerializer.Deserialize<NotificationLink>(row.Link, JsonSerializerOptions.Web),
        (DateTime)database.Dialect.FromDb(ColumnType.DateTime, row.CreatedAt)!, (DateTime?)database.Dialect.FromDb(ColumnType.DateTime, row.ReadAt));

    private sealed class Row
    {
        public long Id { get; set; }
        public string Title { get; set; } = "";
        public string? Body { get; set; }
        public string? Link { get; set; }
        public object? CreatedAt { get; set; }
        public object? ReadAt { get; set; }
    }
}
