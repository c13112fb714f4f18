namespace Platform.Engine.Storage;

/// <summary>How many writes went through grouped commits, and how many shared one: what the tests and benchmarks read.</summary>
public sealed record WriteGroupStats(long Groups, long Writes, int LargestGroup);

/// <summary>
/// Group commit: one writer in the process takes every write waiting at that moment and runs them in one
/// transaction, each inside its own savepoint. A write that fails is rolled back to its savepoint and fails
/// alone; its neighbours commit. Nobody is answered before the commit that holds their write, so an
/// acknowledged write is on disk (in SQLite's WAL) even if the process dies the next instant.
/// SQLite allows one writer at a time: without this, concurrent writers would wait for its lock in the
/// driver's sleep-and-retry loop while the CPU idles.
/// </summary>
internal sealed class WriteGroups(PlatformDatabase database, Checkpoints checkpoints, int maxGroup = 256)
{
    private static readonly TimeSpan KeptIdle = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private List<IPendingWrite> _waiting = [];
    private readonly SemaphoreSlim _wake = new(0);
    private bool _draining;
    private bool _writerAlive;
    private long _groups;
    private long _writes;
    private int _largest;

    public WriteGroupStats Stats
    {
        get
        {
            lock (_gate) return new WriteGroupStats(_groups, _writes, _largest);
        }
    }

    public Task<T> RunAsync<T>(Func<UnitOfWork, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var pending = new PendingWrite<T>(work, ct);
        lock (_gate)
        {
            _waiting.Add(pending);
            if (_draining) return pending.Task;
            _draining = true;
            if (_writerAlive)
            {
                _wake.Release();
                return pending.Task;
            }
            _writerAlive = true;
        }
        // A thread of its own, kept while writes keep coming: SQLite's calls block, and a long group on a pool thread would
        // leave requests waiting for the pool to grow; starting a thread for every group cost more than the wait for a kept one.
        new Thread(Writer) { IsBackground = true, Name = "platform-writer" }.Start();
        return pending.Task;
    }

    /// <summary>Drains, then waits for the next write; after <see cref="KeptIdle"/> without one, the thread ends (a new write starts another).</summary>
    private void Writer()
    {
        while (true)
        {
            DrainAsync().GetAwaiter().GetResult();
            if (_wake.Wait(KeptIdle)) continue;
            lock (_gate)
            {
                // A write that came as the wait ended has released the semaphore already (it does so under this lock).
                if (_draining)
                {
                    _wake.Wait(0);
                    continue;
                }
                _writerAlive = false;
                return;
            }
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<IPendingWrite> group;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _draining = false;
                    return;
                }
                group = _waiting.Count <= maxGroup ? _waiting : _waiting[..maxGroup];
                _waiting = _waiting.Count <= maxGroup ? [] : _waiting[maxGroup..];
            }
            group.RemoveAll(p => p.TryCancel());
            if (group.Count == 0) continue;
            await CommitGroupAsync(group);
            await checkpoints.RestartIfDueAsync();
            lock (_gate)
            {
                _groups++;
                _writes += group.Count;
                _largest = Math.Max(_largest, group.Count);
            }
        }
    }

    private async Task CommitGroupAsync(List<IPendingWrite> group)
    {
        var succeeded = new List<IPendingWrite>(group.Count);
        try
        {
            await using var work = await UnitOfWork.BeginAsync(database, CancellationToken.None);
            if (group.Count == 1)
            {
                // Alone, a failure simply rolls the transaction back: no savepoint needed.
                if (await group[0].RunAsync(work)) succeeded.Add(group[0]);
                else return;
            }
            else
            {
                // Savepoint statements through the command cache: prepared once a group, not once a write.
                var dialect = database.Dialect;
                var release = dialect.ReleaseSavepoint("w");
                foreach (var pending in group)
                {
                    await work.Commands.ExecuteAsync(dialect.Savepoint("w"), [], CancellationToken.None);
                    if (await pending.RunAsync(work))
                    {
                        await work.Commands.FlushAsync(CancellationToken.None);
                        succeeded.Add(pending);
                    }
                    else
                    {
                        work.Commands.DiscardQueued();
                        await work.Commands.ExecuteAsync(dialect.RollbackToSavepoint("w"), [], CancellationToken.None);
                    }
                    if (release is not null) await work.Commands.ExecuteAsync(release, [], CancellationToken.None);
                }
            }
            if (succeeded.Count > 0) await work.CommitAsync(CancellationToken.None);
            database.AfterCommit();
        }
        catch (Exception e)
        {
            // The group's own transaction failed (commit, savepoint, connection): none of its writes are stored.
            foreach (var pending in group) pending.Fail(e);
            return;
        }
        foreach (var pending in succeeded) pending.Complete();
    }

    private interface IPendingWrite
    {
        bool TryCancel();

        /// <summary>Runs the write; false when it failed (its caller has been told).</summary>
        Task<bool> RunAsync(UnitOfWork work);

        void Complete();

        void Fail(Exception e);
    }

    private sealed class PendingWrite<T>(Func<UnitOfWork, CancellationToken, Task<T>> work, CancellationToken ct) : IPendingWrite
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public bool TryCancel() => ct.IsCancellationRequested && _done.TrySetCanceled(ct);

        public async Task<bool> RunAsync(UnitOfWork unit)
        {
            try
            {
                _result = await work(unit, ct);
                return true;
            }
            catch (Exception e)
            {
                _done.TrySetException(e);
                return false;
            }
        }

        public void Complete() => _done.TrySetResult(_result);

        public void Fail(Exception e) => _done.TrySetException(e);
    }
}
