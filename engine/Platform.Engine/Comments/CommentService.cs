using System.Text.Json;
using Dapper;
using Platform.Engine.Models;
using Platform.Engine.Notifications;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Comments;

/// <summary>
/// Comments on records, for whoever can see the record: listed oldest first, written with the people they @mention
/// (each told in their notifications, in the comment's transaction), deleted by their writer or an admin.
/// </summary>
public sealed class CommentService(PlatformDatabase database, RecordService records, NotificationService notifications, UserService users, AccessResolver access,
    TimeProvider clock)
{
    public const int MaxBody = 4000;
    public const int MaxMentions = 20;

    public async Task<IReadOnlyList<Comment>> ListAsync(FormModel model, long recordId, CallerContext caller, CancellationToken ct = default)
    {
        await records.GetAsync(model, recordId, caller, ct);
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, long? UserId, string Body, string? Mentions, object CreatedAt)>(
            "SELECT id, user_id, body, mentions, created_at FROM pf_comments WHERE form_id = @formId AND record_id = @recordId AND deleted_at IS NULL ORDER BY id",
            new { formId = model.FormId, recordId });
        return rows.Select(r => new Comment(r.Id, r.UserId, r.Body, r.Mentions is null ? [] : JsonSerializer.Deserialize<List<long>>(r.Mentions)!,
            (DateTime)database.Dialect.FromDb(ColumnType.DateTime, r.CreatedAt)!)).ToList();
    }

    /// <summary>Writes a comment; each person mentioned (who exists and is active) is notified, once, with a link to the record.</summary>
    public async Task<Comment> AddAsync(FormModel model, long recordId, string? body, IReadOnlyList<long>? mentions, CallerContext caller, CancellationToken ct = default)
    {
        await records.GetAsync(model, recordId, caller, ct);
        var text = body?.Trim() ?? "";
        var errors = new List<ValidationError>();
        if (text.Length == 0) errors.Add(new("body", "required"));
        else if (text.Length > MaxBody) errors.Add(new("body", "text.tooLong", MaxBody));
        var mentioned = (mentions ?? []).Distinct().ToList();
        if (mentioned.Count > MaxMentions) errors.Add(new("mentions", "list.tooMany", MaxMentions));
        var active = await users.ActiveAmongAsync(mentioned, ct);
        foreach (var (user, i) in mentioned.Select((u, i) => (u, i)))
        {
            if (!active.Contains(user)) errors.Add(new($"mentions[{i}]", "user.missing", user));
            // Being told shows the comment: only people who may see the record are mentioned.
            else if (!await SeesAsync(model, recordId, user, ct)) errors.Add(new($"mentions[{i}]", "comment.cannotSee", user));
        }
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        var writer = caller.UserId is { } me ? (await users.GetAsync(me, ct)).Name ?? $"#{me}" : "?";
        var now = clock.GetUtcNow().UtcDateTime;
        var id = await database.WriteAsync(async (work, token) =>
        {
            var created = await work.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
                database.Dialect.InsertReturningId("pf_comments", ["form_id", "record_id", "user_id", "body", "mentions", "created_at"]),
                new
                {
                    p0 = model.FormId, p1 = recordId, p2 = caller.UserId, p3 = text, p4 = JsonSerializer.Serialize(mentioned),
                    p5 = database.Dialect.ToDb(ColumnType.DateTime, now)
                }, work.Transaction, cancellationToken: token));
            var excerpt = text.Length > 100 ? text[..100] + "…" : text;
            foreach (var user in mentioned.Where(u => u != caller.UserId))
                await notifications.TellInAsync(work, user, "comment.mentioned", [writer, excerpt], text, new NotificationLink(model.AppKey, model.Key, recordId),
                    $"comment:{created}:{user}", token);
            return created;
        }, ct);
        return new Comment(id, caller.UserId, text, mentioned, now);
    }

    private async Task<bool> SeesAsync(FormModel model, long recordId, long userId, CancellationToken ct)
    {
        var isAdmin = (await users.GetAsync(userId, ct)).IsAdmin;
        var them = CallerContext.ForUser(userId, isAdmin) with { Access = await access.ForUserAsync(userId, isAdmin, ct: ct) };
        try
        {
            await records.GetAsync(model, recordId, them, ct);
            return true;
        }
        catch (Exception e) when (e is NotFoundException or ForbiddenException)
        {
            return false;
        }
    }

    /// <summary>Deletes a comment of a record the caller can see: their own, or any as an admin.</summary>
    public async Task DeleteAsync(FormModel model, long recordId, long commentId, CallerContext caller, CancellationToken ct = default)
    {
        await records.GetAsync(model, recordId, caller, ct);
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var writer = await connection.QuerySingleOrDefaultAsync<(long Id, long? UserId)?>(
                "SELECT id, user_id FROM pf_comments WHERE id = @commentId AND form_id = @formId AND record_id = @recordId AND deleted_at IS NULL",
                new { commentId, formId = model.FormId, recordId }, transaction) ?? throw new NotFoundException("comment.notFound", commentId);
            if (writer.UserId != caller.UserId && !caller.IsAdmin) throw new ForbiddenException("comment.notYours");
            return await connection.ExecuteAsync("UPDATE pf_comments SET deleted_at = @now WHERE id = @commentId",
                new { commentId, now = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime) }, transaction);
        }, ct);
    }
}
