using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Engine.Models;
using Platform.Engine.Notifications;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Users;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Runs;

namespace Platform.Engine.Workflows.Approvals;

/// <summary>
/// Approvals as people work them: the ones waiting for me, one with its tasks, and deciding (approve, reject, return to
/// the submitter, hand on to someone else). A decision that settles the approval wakes its run, which goes on along
/// the way the decision chose; the submitter is told. Each decision locks its approval first, so two approvers
/// deciding at once settle it once, and an "all" approval is never left waiting on a task already approved.
/// </summary>
public sealed class ApprovalService(PlatformDatabase database, NotificationService notifications, UserService users, TimeProvider clock)
{
    public const int MaxPage = 100;
    public const int MaxComment = 2000;

    private const string Columns = "p.id, a.app_key, f.form_key, p.record_id, p.run_id, p.step_id, p.title, p.mode, p.status, p.submitter_id, p.snapshot, " +
                                   "p.due_at, p.reminders, p.created_at, p.decided_at";

    private const string From = "pf_approvals p JOIN pf_apps a ON a.id = p.app_id JOIN pf_forms f ON f.id = p.form_id";

    /// <summary>The approvals the user has a task in, newest first: only those waiting for them, or all they took part in.</summary>
    public async Task<IReadOnlyList<ApprovalInfo>> MineAsync(long userId, bool pendingOnly = true, long? before = null, int limit = 50, CancellationToken ct = default)
    {
        if (limit is < 1 or > MaxPage) throw new ValidationFailedException([new("limit", "page.size", MaxPage)]);
        await using var connection = await database.OpenAsync(ct);
        var where = "t.user_id = @userId" + (pendingOnly ? " AND t.status = @pending" : "") + (before is null ? "" : " AND t.approval_id < @before");
        var ids = (await connection.QueryAsync<long>(database.Dialect.Page(
            $"SELECT DISTINCT t.approval_id FROM pf_approval_tasks t WHERE {where} ORDER BY t.approval_id DESC", "@limit", null),
            new { userId, pending = ApprovalStatus.Pending, before, limit })).ToList();
        var approvals = new List<ApprovalInfo>();
        foreach (var id in ids) approvals.Add(await ReadAsync(connection, null, id) ?? throw new NotFoundException("approval.notFound", id));
        return approvals;
    }

    /// <summary>One approval, for its approvers (also past ones), its submitter and admins; to anyone else it does not exist.</summary>
    public async Task<ApprovalInfo> GetAsync(long approvalId, CallerContext caller, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var approval = await ReadAsync(connection, null, approvalId);
        return approval is not null && Sees(approval, caller) ? approval : throw new NotFoundException("approval.notFound", approvalId);
    }

    /// <summary>
    /// The caller decides their pending task: <c>approve</c>, <c>reject</c> or <c>return</c> (the last two with a
    /// comment saying why). A refusal or return settles the approval at once; an approval settles when any approver
    /// approves, or with mode <c>all</c> when the last one does.
    /// </summary>
    public async Task<ApprovalInfo> DecideAsync(long approvalId, string decision, string? comment, CallerContext caller, CancellationToken ct = default)
    {
        if (!ApprovalStatus.Decisions.TryGetValue(decision, out var status)) throw new NotFoundException("approval.decision", decision);
        var text = Comment(comment, required: status != ApprovalStatus.Approved);
        var now = Now();
        await database.WriteAsync(async (work, token) =>
        {
            var (approval, task) = await TaskOfAsync(work, approvalId, caller, token);
            await SetTaskAsync(work, task, status, text, null, now, token);
            var pending = await work.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM pf_approval_tasks WHERE approval_id = @approvalId AND status = @pending",
                new { approvalId, pending = ApprovalStatus.Pending }, work.Transaction, cancellationToken: token));
            if (status != ApprovalStatus.Approved || approval.Mode != Definitions.ApprovalStep.All || pending == 0)
                await SettleInAsync(work, approval, status, caller.UserId, token);
            return 0;
        }, ct);
        return await GetAsync(approvalId, caller, ct);
    }

    /// <summary>The caller hands their pending task to <paramref name="to"/> (active, and not already asked), who is told.</summary>
    public async Task<ApprovalInfo> TransferAsync(long approvalId, long to, string? comment, CallerContext caller, CancellationToken ct = default)
    {
        var text = Comment(comment, required: false);
        if (to == caller.UserId) throw new ValidationFailedException([new("to", "approval.toSelf")]);
        if ((await users.ActiveAmongAsync([to], ct)).Count == 0) throw new ValidationFailedException([new("to", "user.missing", to)]);
        var now = Now();
        await database.WriteAsync(async (work, token) =>
        {
            var (approval, task) = await TaskOfAsync(work, approvalId, caller, token);
            if (approval.Tasks.Any(t => t.UserId == to && t.Status == ApprovalStatus.Pending))
                throw new ValidationFailedException([new("to", "approval.alreadyAsked", to)]);
            await SetTaskAsync(work, task, ApprovalStatus.Transferred, text, to, now, token);
            await AskAsync(work, approval, [to], token);
            return 0;
        }, ct);
        return await GetAsync(approvalId, caller, ct);
    }

    /// <summary>The approval a run's step opened, locked for the rest of the transaction; none when the step has not asked yet.</summary>
    internal async Task<ApprovalInfo?> LockForStepAsync(UnitOfWork work, long runId, string stepId, CancellationToken ct)
    {
        var id = await work.Connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM pf_approvals WHERE run_id = @runId AND step_id = @stepId", new { runId, stepId }, work.Transaction, cancellationToken: ct));
        return id is null ? null : await LockAsync(work, id.Value, ct);
    }

    /// <summary>Opens an approval for a run's step and asks each approver (a task and a notification).</summary>
    internal async Task<ApprovalInfo> OpenAsync(UnitOfWork work, NewApproval approval, CancellationToken ct)
    {
        var now = Now();
        var id = await work.Connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Dialect.InsertReturningId("pf_approvals",
            ["app_id", "form_id", "record_id", "run_id", "step_id", "title", "mode", "status", "submitter_id", "snapshot", "due_at", "reminders", "created_at", "updated_at"]),
            new
            {
                p0 = approval.Model.AppId, p1 = approval.Model.FormId, p2 = approval.RecordId, p3 = approval.RunId, p4 = approval.StepId, p5 = Cut(approval.Title, 4000),
                p6 = approval.Mode, p7 = ApprovalStatus.Pending, p8 = approval.SubmitterId, p9 = approval.Values?.ToJsonString(), p10 = Time(approval.DueAt), p11 = 0L,
                p12 = Time(now), p13 = Time(now),
            }, work.Transaction, cancellationToken: ct));
        var opened = (await ReadAsync(work.Connection, work.Transaction, id))!;
        await AskAsync(work, opened, approval.Approvers, ct);
        return opened;
    }

    /// <summary>Reminds the approvers still to decide (once per reminder), and sets when the next one is due.</summary>
    internal async Task RemindAsync(UnitOfWork work, ApprovalInfo approval, DateTime? nextDue, CancellationToken ct)
    {
        var reminder = approval.Reminders + 1;
        await work.Connection.ExecuteAsync(new CommandDefinition("UPDATE pf_approvals SET reminders = @reminder, due_at = @due WHERE id = @id",
            new { id = approval.Id, reminder, due = Time(nextDue) }, work.Transaction, cancellationToken: ct));
        foreach (var task in approval.Tasks.Where(t => t.Status == ApprovalStatus.Pending))
            await TellAsync(work, task.UserId, "approval.reminder", approval, $"approval:{approval.Id}:remind:{reminder}:{task.UserId}", ct);
    }

    /// <summary>Settles an approval without a person: its due time approved or returned it. Tasks still pending are closed.</summary>
    internal Task SettleByDueAsync(UnitOfWork work, ApprovalInfo approval, string status, CancellationToken ct) => SettleInAsync(work, approval, status, null, ct);

    /// <summary>Cancels the pending approvals of a run that was cancelled; their tasks close.</summary>
    internal static async Task CancelForRunAsync(DbConnection connection, DbTransaction transaction, Storage.Dialects.SqlDialect dialect, long runId, DateTime at)
    {
        var now = dialect.ToDb(ColumnType.DateTime, at);
        await connection.ExecuteAsync("UPDATE pf_approval_tasks SET status = @closed, decided_at = @now WHERE status = @pending AND approval_id IN " +
                                      "(SELECT id FROM pf_approvals WHERE run_id = @runId AND status = @pending)",
            new { runId, now, closed = ApprovalStatus.Closed, pending = ApprovalStatus.Pending }, transaction);
        await connection.ExecuteAsync("UPDATE pf_approvals SET status = @cancelled, decided_at = @now, updated_at = @now WHERE run_id = @runId AND status = @pending",
            new { runId, now, cancelled = ApprovalStatus.Cancelled, pending = ApprovalStatus.Pending }, transaction);
    }

    private async Task SettleInAsync(UnitOfWork work, ApprovalInfo approval, string status, long? by, CancellationToken ct)
    {
        var now = Time(Now());
        await work.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE pf_approval_tasks SET status = @closed, decided_at = @now WHERE approval_id = @id AND status = @pending",
            new { id = approval.Id, now, closed = ApprovalStatus.Closed, pending = ApprovalStatus.Pending }, work.Transaction, cancellationToken: ct));
        await work.Connection.ExecuteAsync(new CommandDefinition("UPDATE pf_approvals SET status = @status, decided_at = @now, updated_at = @now WHERE id = @id",
            new { id = approval.Id, status, now }, work.Transaction, cancellationToken: ct));
        // The run waits on this step; it goes on at once, along the way the decision chose.
        await work.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE pf_workflow_runs SET status = @ready, due_at = @now, updated_at = @now WHERE id = @runId AND step = @stepId AND status IN (@awaiting, @waiting)",
            new { runId = approval.RunId, stepId = approval.StepId, now, ready = RunStatus.Ready, awaiting = RunStatus.Awaiting, waiting = RunStatus.Waiting },
            work.Transaction, cancellationToken: ct));
        if (approval.SubmitterId is { } submitter && submitter != by)
            await TellAsync(work, submitter, $"approval.{status}", approval, $"approval:{approval.Id}:settled", ct);
    }

    private async Task AskAsync(UnitOfWork work, ApprovalInfo approval, IEnumerable<long> approvers, CancellationToken ct)
    {
        foreach (var user in approvers)
        {
            var task = await work.Connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Dialect.InsertReturningId("pf_approval_tasks",
                ["approval_id", "user_id", "status", "created_at"]),
                new { p0 = approval.Id, p1 = user, p2 = ApprovalStatus.Pending, p3 = Time(Now()) }, work.Transaction, cancellationToken: ct));
            await TellAsync(work, user, "approval.asked", approval, $"approval-task:{task}", ct);
        }
    }

    /// <summary>The approval, locked, and the caller's pending task in it; refused when it is settled or not the caller's to decide.</summary>
    private async Task<(ApprovalInfo Approval, ApprovalTaskInfo Task)> TaskOfAsync(UnitOfWork work, long approvalId, CallerContext caller, CancellationToken ct)
    {
        var approval = await LockAsync(work, approvalId, ct);
        if (approval is null || !Sees(approval, caller)) throw new NotFoundException("approval.notFound", approvalId);
        if (approval.Status != ApprovalStatus.Pending) throw new ConflictException("approval.settled", approvalId, approval.Status);
        var task = approval.Tasks.FirstOrDefault(t => t.UserId == caller.UserId && t.Status == ApprovalStatus.Pending)
                   ?? throw new ForbiddenException("approval.notYours", approvalId);
        return (approval, task);
    }

    private async Task SetTaskAsync(UnitOfWork work, ApprovalTaskInfo task, string status, string? comment, long? to, DateTime now, CancellationToken ct) =>
        await work.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE pf_approval_tasks SET status = @status, comment = @comment, transferred_to = @to, decided_at = @now WHERE id = @id",
            new { id = task.Id, status, comment, to, now = Time(now) }, work.Transaction, cancellationToken: ct));

    /// <summary>Reads an approval after taking its row's lock (an update of it), so deciding on it is one at a time.</summary>
    private async Task<ApprovalInfo?> LockAsync(UnitOfWork work, long id, CancellationToken ct)
    {
        await work.Connection.ExecuteAsync(new CommandDefinition("UPDATE pf_approvals SET updated_at = updated_at WHERE id = @id", new { id }, work.Transaction,
            cancellationToken: ct));
        return await ReadAsync(work.Connection, work.Transaction, id);
    }

    private async Task<ApprovalInfo?> ReadAsync(DbConnection connection, DbTransaction? transaction, long id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM {From} WHERE p.id = @id", new { id }, transaction);
        if (row is null) return null;
        var tasks = await connection.QueryAsync<TaskRow>(
            "SELECT id, user_id, status, comment, transferred_to, created_at, decided_at FROM pf_approval_tasks WHERE approval_id = @id ORDER BY id", new { id }, transaction);
        return new ApprovalInfo(row.Id, row.AppKey, row.FormKey, row.RecordId, row.RunId, row.Title, row.Mode, row.Status, row.SubmitterId,
            row.Snapshot is null ? null : JsonNode.Parse(row.Snapshot) as JsonObject, FromDb(row.DueAt), FromDb(row.CreatedAt)!.Value, FromDb(row.DecidedAt),
            tasks.Select(t => new ApprovalTaskInfo(t.Id, t.UserId, t.Status, t.Comment, t.TransferredTo, FromDb(t.CreatedAt)!.Value, FromDb(t.DecidedAt))).ToList())
        {
            StepId = row.StepId, Reminders = row.Reminders,
        };
    }

    private static bool Sees(ApprovalInfo approval, CallerContext caller) =>
        caller.IsAdmin || approval.SubmitterId == caller.UserId || approval.Tasks.Any(t => t.UserId == caller.UserId || t.TransferredTo == caller.UserId);

    private static string? Comment(string? comment, bool required)
    {
        var text = comment?.Trim();
        if (string.IsNullOrEmpty(text))
            return required ? throw new ValidationFailedException([new("comment", "approval.commentRequired")]) : null;
        return text.Length > MaxComment ? throw new ValidationFailedException([new("comment", "text.tooLong", MaxComment)]) : text;
    }

    /// <summary>Tells a person about the approval, in their own language, once per <paramref name="source"/>.</summary>
    private Task TellAsync(UnitOfWork work, long user, string code, ApprovalInfo approval, string source, CancellationToken ct) =>
        notifications.TellInAsync(work, user, code, [approval.Title], null,
            approval.RecordId is { } record ? new NotificationLink(approval.AppKey, approval.FormKey, record) : null, source, ct);

    private static string Cut(string text, int length) => text.Length > length ? text[..length] : text;

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private object? Time(DateTime? at) => at is null ? null : database.Dialect.ToDb(ColumnType.DateTime, at.Value);

    private DateTime? FromDb(object? value) => (DateTime?)database.Dialect.FromDb(ColumnType.DateTime, value);

    private sealed class Row
    {
        public long Id { get; set; }
        public string AppKey { get; set; } = "";
        public string FormKey { get; set; } = "";
        public long? RecordId { get; set; }
        public long RunId { get; set; }
        public string StepId { get; set; } = "";
        public string Title { get; set; } = "";
        public string Mode { get; set; } = "";
        public string Status { get; set; } = "";
        public long? SubmitterId { get; set; }
        public string? Snapshot { get; set; }
        public object? DueAt { get; set; }
        public long Reminders { get; set; }
        public object? CreatedAt { get; set; }
        public object? DecidedAt { get; set; }
    }

    private sealed class TaskRow
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public string Status { get; set; } = "";
        public string? Comment { get; set; }
        public long? TransferredTo { get; set; }
        public object? CreatedAt { get; set; }
        public object? DecidedAt { get; set; }
    }
}

/// <summary>An approval a run's step asks for.</summary>
internal sealed record NewApproval(FormModel Model, long? RecordId, long RunId, string StepId, string Title, string Mode, long? SubmitterId, JsonObject? Values,
    DateTime? DueAt, IReadOnlyList<long> Approvers);
