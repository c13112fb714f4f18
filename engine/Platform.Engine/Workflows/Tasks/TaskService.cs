using System.Text.Json;
using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Workflows.Tasks;

/// <summary>
/// The built-in task form of each app, and a person's tasks across every app: open ones first by due time, and
/// marking one done. The assignee works their own tasks whatever the task form's permissions say.
/// </summary>
public sealed class TaskService(PlatformDatabase database, FormService forms, RecordService records) : IAppStarter
{
    public const int MaxPage = 200;

    private readonly SemaphoreSlim _ensuring = new(1, 1);

    /// <summary>Publishes the task form in the app unless it has one; two publishing at once (here or on another node) make one.</summary>
    public async Task EnsureFormAsync(string appKey, CancellationToken ct = default)
    {
        if (await HasFormAsync(appKey, ct)) return;
        await _ensuring.WaitAsync(ct);
        try
        {
            if (await HasFormAsync(appKey, ct)) return;
            await forms.PublishAsync(appKey, TaskForm.Definition, ct: ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Published meanwhile by another node (its key is unique); anything else is worth telling.
            if (!await HasFormAsync(appKey, ct)) throw;
        }
        finally
        {
            _ensuring.Release();
        }
    }

    /// <summary>Every app has the task form, for the tasks its people and workflows give.</summary>
    Task IAppStarter.StartAsync(string appKey, CancellationToken ct) => EnsureFormAsync(appKey, ct);

    /// <summary>The user's tasks in every app, soonest due first (none due last), with <paramref name="status"/> (open by default; null: all).</summary>
    public async Task<IReadOnlyList<MyTask>> MineAsync(long userId, string? status = TaskForm.Open, int limit = 50, CancellationToken ct = default)
    {
        if (limit is < 1 or > MaxPage) throw new ValidationFailedException([new("limit", "page.size", MaxPage)]);
        if (status is not (null or TaskForm.Open or TaskForm.Done or TaskForm.Cancelled)) throw new ValidationFailedException([new("status", "task.status", status)]);
        var conditions = new List<Filter> { new Condition(TaskForm.Assignee, "eq", JsonSerializer.SerializeToElement(userId)) };
        if (status is not null) conditions.Add(new Condition(TaskForm.Status, "eq", JsonSerializer.SerializeToElement(status)));
        var tasks = new List<MyTask>();
        foreach (var app in await AppsWithFormAsync(ct))
        {
            var model = await forms.GetModelAsync(app, TaskForm.Key, ct);
            var page = await records.QueryAsync(model, new QueryRequest
            {
                Filter = new AndFilter(conditions), Sort = [new SortKey(TaskForm.Due, false)], PageSize = limit,
            }, CallerContext.System, ct);
            tasks.AddRange(page.Items.Select(r => ToTask(app, r)));
        }
        return tasks.OrderBy(t => t.Due is null).ThenBy(t => t.Due).ThenBy(t => t.Id).Take(limit).ToList();
    }

    /// <summary>The assignee marks their task done (or open again); anyone else finds no such task.</summary>
    public async Task<MyTask> SetStatusAsync(string appKey, long id, string status, CallerContext caller, CancellationToken ct = default)
    {
        if (status is not (TaskForm.Open or TaskForm.Done or TaskForm.Cancelled)) throw new ValidationFailedException([new("status", "task.status", status)]);
        var model = await forms.GetModelAsync(appKey, TaskForm.Key, ct);
        var task = await records.FindAsync(model, id, ct);
        if (task is null || task.DeletedAt is not null || task.Get(TaskForm.Assignee) is not long assignee || assignee != caller.UserId)
            throw new NotFoundException("task.notFound", id);
        // The assignee's own task: the change is theirs in its history, allowed by being assigned, not by the form's permissions.
        var changed = await records.UpdateAsync(model, id, JsonSerializer.SerializeToElement(new Dictionary<string, string> { [TaskForm.Status] = status }),
            task.Version, caller with { IsAdmin = true }, ct);
        return ToTask(appKey, changed);
    }

    private async Task<bool> HasFormAsync(string appKey, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM pf_forms f JOIN pf_apps a ON a.id = f.app_id WHERE a.app_key = @appKey AND f.form_key = @form",
            new { appKey, form = TaskForm.Key }) > 0;
    }

    private async Task<IReadOnlyList<string>> AppsWithFormAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<string>(
            "SELECT a.app_key FROM pf_forms f JOIN pf_apps a ON a.id = f.app_id WHERE f.form_key = @form AND a.deleted_at IS NULL ORDER BY a.app_key",
            new { form = TaskForm.Key })).ToList();
    }

    private static MyTask ToTask(string app, RecordData record) => new(app, record.Id, record.Get(TaskForm.Title) as string ?? "",
        record.Get(TaskForm.Due) as DateTime?, record.Get(TaskForm.Status) as string ?? TaskForm.Open, record.Get(TaskForm.Note) as string,
        record.Get(TaskForm.SourceForm) as string, record.Get(TaskForm.SourceId) is decimal source ? (long)source : null, record.CreatedAt);
}

/// <summary>A task as its assignee sees it: where it is, what, by when, and the record it is about.</summary>
public sealed record MyTask(string App, long Id, string Title, DateTime? Due, string Status, string? Note, string? SourceForm, long? SourceId, DateTime CreatedAt);
