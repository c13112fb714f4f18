using Dapper;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Workflows.Churn;

/// <summary>An owner's answer to a churn warning: at which level and score, what they said, who and when, and until when it is snoozed.</summary>
public sealed record ChurnResponse(long Id, string Level, string? Score, string Note, long? UserId, DateTime At, DateTime Until);

/// <summary>
/// Answers to churn warnings: the record's owner (or an admin) says they are still in contact, with a note; the warning
/// is snoozed (no one is told of it again) for the form's snooze days, and the answer is kept for review.
/// </summary>
public sealed class ChurnService(PlatformDatabase database, RecordService records, TimeProvider clock)
{
    public const int MaxNote = 2000;

    public async Task<ChurnResponse> RespondAsync(FormModel model, long id, string? note, CallerContext caller, CancellationToken ct = default)
    {
        var record = await records.GetAsync(model, id, caller, ct);
        if (model.Definition.Churn is not { } churn) throw new ConflictException("churn.none");
        var text = note?.Trim() ?? "";
        if (text.Length == 0) throw new ValidationFailedException([new("note", "required")]);
        if (text.Length > MaxNote) throw new ValidationFailedException([new("note", "text.tooLong", MaxNote)]);
        if (record.Values.GetValueOrDefault(churn.LevelField) is not string level) throw new ConflictException("churn.noLevel", id);
        if (record.Owner != caller.UserId && !caller.IsAdmin) throw new ForbiddenException("churn.notOwner");
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now.AddDays(churn.SnoozeDays);
        var score = Convert.ToString(record.Values.GetValueOrDefault(churn.ScoreField), System.Globalization.CultureInfo.InvariantCulture);
        var responseId = await database.InTransactionAsync((connection, transaction) => connection.ExecuteScalarAsync<long>(
            database.Dialect.InsertReturningId("pf_churn_responses", ["form_id", "record_id", "level", "score", "note", "user_id", "at", "until"]),
            new { p0 = model.FormId, p1 = id, p2 = level, p3 = score, p4 = text, p5 = caller.UserId, p6 = Time(now), p7 = Time(until) }, transaction), ct);
        return new ChurnResponse(responseId, level, score, text, caller.UserId, now, until);
    }

    /// <summary>The answers to the record's warnings, oldest first, for whoever can see the record.</summary>
    public async Task<IReadOnlyList<ChurnResponse>> ResponsesAsync(FormModel model, long id, CallerContext caller, CancellationToken ct = default)
    {
        await records.GetAsync(model, id, caller, ct);
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Level, string? Score, string Note, long? UserId, object At, object Until)>(
            "SELECT id, level, score, note, user_id, at, until FROM pf_churn_responses WHERE form_id = @formId AND record_id = @id ORDER BY id",
            new { formId = model.FormId, id });
        return rows.Select(r => new ChurnResponse(r.Id, r.Level, r.Score, r.Note, r.UserId, FromDb(r.At), FromDb(r.Until))).ToList();
    }

    private object? Time(DateTime at) => database.Dialect.ToDb(ColumnType.DateTime, at);

    private DateTime FromDb(object value) => (DateTime)database.Dialect.FromDb(ColumnType.DateTime, value)!;
}

/// <summary>Whether an owner's answer snoozes a record's churn warnings: what the warning step asks in the write's transaction.</summary>
public sealed class ChurnSnoozes(PlatformDatabase database)
{
    internal async Task<bool> SnoozedAsync(UnitOfWork work, long formId, long recordId, DateTime now, CancellationToken ct) =>
        await work.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM pf_churn_responses WHERE form_id = @formId AND record_id = @recordId AND until > @now",
            new { formId, recordId, now = database.Dialect.ToDb(ColumnType.DateTime, now) }, work.Transaction, cancellationToken: ct)) > 0;
}
