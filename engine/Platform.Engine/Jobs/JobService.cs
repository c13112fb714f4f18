using Dapper;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Jobs;

/// <summary>
/// Long work taken out of requests: queued, then run in the background by one runner at a time per job (a lease, taken
/// again when the process running it stops), its progress written as it goes, its end (done, or failed with why) kept.
/// </summary>
public sealed class JobService(PlatformDatabase database, IEnumerable<JobRunner> runners, TimeProvider clock, JobOptions? options = null)
{
    private readonly TimeSpan _lease = (options ?? new JobOptions()).Lease;

    private readonly Dictionary<string, JobRunner> _runners = runners.ToDictionary(r => r.Kind, StringComparer.Ordinal);

    /// <summary>Raised when a job is queued, so a runner can start it at once.</summary>
    public event Action? Queued;

    public async Task<JobInfo> EnqueueAsync(NewJob job, CancellationToken ct = default)
    {
        if (!_runners.ContainsKey(job.Kind)) throw new InvalidOperationException($"No runner for jobs of kind '{job.Kind}'.");
        var id = await database.InTransactionAsync((connection, transaction) => connection.ExecuteScalarAsync<long>(
            database.Dialect.InsertReturningId("pf_jobs", ["kind", "app_key", "form_key", "argument", "user_id", "status", "done", "created_at"]),
            new { p0 = job.Kind, p1 = job.AppKey, p2 = job.FormKey, p3 = job.Argument, p4 = job.UserId, p5 = JobStatus.Queued, p6 = 0L, p7 = Time(Now()) },
            transaction), ct);
        Queued?.Invoke();
        return await GetAsync(id, ct);
    }

    public async Task<JobInfo> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Row.Columns} FROM pf_jobs WHERE id = @id", new { id })
                  ?? throw new NotFoundException("job.notFound", id);
        return new JobInfo(row.Id, row.Kind, row.AppKey, row.FormKey, row.Status, row.Done, row.Total, row.Changed, row.Error, FromDb(row.CreatedAt)!.Value,
            FromDb(row.StartedAt), FromDb(row.FinishedAt))
        { UserId = row.UserId };
    }

    /// <summary>Runs the jobs waiting now, one after another; returns how many it ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct = default)
    {
        var ran = 0;
        while (await TakeAsync(ct) is { } row)
        {
            ran++;
            await RunAsync(row, ct);
        }
        return ran;
    }

    /// <summary>
    /// Runs the job <paramref name="id"/> here and now if it is waiting (a command-line import follows its own job); false
    /// when another process has it.
    /// </summary>
    public async Task<bool> RunAsync(long id, CancellationToken ct = default)
    {
        if (await TakeAsync(ct, id) is not { } row) return false;
        await RunAsync(row, ct);
        return true;
    }

    private async Task<Row?> TakeAsync(CancellationToken ct, long? only = null)
    {
        var now = Now();
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var id = await connection.ExecuteScalarAsync<long?>(database.Dialect.Page(
                $"SELECT id FROM pf_jobs WHERE (status = @queued OR status = @running AND lease_until < @now){(only is null ? "" : " AND id = @only")} ORDER BY id", "1", null),
                new { queued = JobStatus.Queued, running = JobStatus.Running, now = Time(now), only }, transaction);
            if (id is null) return null;
            var taken = await connection.ExecuteAsync(
                "UPDATE pf_jobs SET status = @running, lease_until = @lease, started_at = @now, done = 0 WHERE id = @id AND (status = @queued OR status = @running AND lease_until < @now)",
                new { id, queued = JobStatus.Queued, running = JobStatus.Running, now = Time(now), lease = Time(now + _lease) }, transaction);
            return taken == 1 ? await connection.QuerySingleAsync<Row>($"SELECT {Row.Columns} FROM pf_jobs WHERE id = @id", new { id }, transaction) : null;
        }, ct);
    }

    private async Task RunAsync(Row row, CancellationToken ct)
    {
        var job = new NewJob(row.Kind, row.AppKey, row.FormKey, row.Argument, row.UserId);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = HeartbeatAsync(row.Id, running.Token);
        try
        {
            var changed = await _runners[row.Kind].RunAsync(job, (done, total, soFar) => SetAsync(row.Id,
                "done = @done, total = @total, changed = @changed, lease_until = @lease", new { done, total, changed = soFar }, ct), ct);
            await SetAsync(row.Id, "status = @status, changed = @changed, finished_at = @now, lease_until = NULL, total = COALESCE(total, done)",
                new { status = JobStatus.Done, changed }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var why = e is PlatformException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            await SetAsync(row.Id, "status = @status, error = @error, finished_at = @now, lease_until = NULL",
                new { status = JobStatus.Failed, error = why.Length > 4000 ? why[..4000] : why }, ct);
        }
        finally
        {
            await running.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>Keeps the lease while the runner works, however long between its reports; a process that dies stops renewing it.</summary>
    private async Task HeartbeatAsync(long id, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_lease / 3, clock, ct);
                await SetAsync(id, "lease_until = @lease", new { }, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended (or the process is stopping).
        }
    }

    private Task SetAsync(long id, string set, object values, CancellationToken ct)
    {
        var now = Now();
        var arguments = new DynamicParameters(values);
        arguments.AddDynamicParams(new { id, now = Time(now), lease = Time(now + _lease) });
        return database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync($"UPDATE pf_jobs SET {set} WHERE id = @id", arguments, transaction), ct);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private object? Time(DateTime at) => database.Dialect.ToDb(ColumnType.DateTime, at);

    private DateTime? FromDb(object? value) => (DateTime?)database.Dialect.FromDb(ColumnType.DateTime, value);

    private sealed class Row
    {
        public const string Columns = "id, kind, app_key, form_key, argument, user_id, status, done, total, changed, error, created_at, started_at, finished_at";

        public long Id { get; set; }
        public string Kind { get; set; } = "";
        public string? AppKey { get; set; }
        public string? FormKey { get; set; }
        public string? Argument { get; set; }
        public long? UserId { get; set; }
        public string Status { get; set; } = "";
        public long Done { get; set; }
        public long? Total { get; set; }
        public long? Changed { get; set; }
        public string? Error { get; set; }
        public object? CreatedAt { get; set; }
        public object? StartedAt { get; set; }
        public object? FinishedAt { get; set; }
    }
}
