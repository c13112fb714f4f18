namespace Platform.Engine.Storage;

/// <summary>
/// Moves SQLite's write-ahead log into the database in the background, at most once a second after writes,
/// on a connection of its own: a passive checkpoint never blocks the writer, so no commit waits for the copy
/// and its disk flush (SQLite would otherwise run it inside whichever commit crossed 1,000 pages). A long log is
/// also started over, so steady writes do not grow it without end: by the one writer between two groups where writes
/// are grouped (so no write sleeps in SQLite's busy handler meanwhile), else here.
/// </summary>
internal sealed class Checkpoints(PlatformDatabase database)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A log this long (in pages: 256 MB of 4 KB pages) is started over, not only copied. Starting over stops the writer
    /// for one checkpoint and its flush to disk (about 0.1 s here), so it is kept rare: every few seconds of bulk loading.
    /// </summary>
    internal long RestartFrames { get; set; } = 65_536;

    /// <summary>How many times the log was started over.</summary>
    internal long Restarts => Interlocked.Read(ref _restarts);

    /// <summary>Set by the one writer, which then starts the log over itself (<see cref="RestartIfDueAsync"/>).</summary>
    internal bool WriterRestarts { get; set; }

    private long _restarts;
    private long _last;
    private int _running;
    private int _restartDue;

    public void AfterCommit()
    {
        if (database.Dialect.Checkpoint is null) return;
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _last) < Interval.TotalMilliseconds || Interlocked.Exchange(ref _running, 1) == 1) return;
        Interlocked.Exchange(ref _last, now);
        _ = Task.Run(RunAsync);
    }

    /// <summary>Runs a checkpoint now, after the one under way if any (tests).</summary>
    internal async Task RunNowAsync()
    {
        while (Interlocked.Exchange(ref _running, 1) == 1) await Task.Delay(10);
        await RunAsync();
    }

    /// <summary>Starts the log over if a checkpoint found it long; called by the one writer when no write of its own is open.</summary>
    internal async Task RestartIfDueAsync()
    {
        if (Interlocked.Exchange(ref _restartDue, 0) == 0) return;
        // Not beside a passive checkpoint: the two would take turns in SQLite's busy handler, which sleeps in steps of up
        // to 100 ms. Waiting for the one under way (it runs on another core) costs only what it has left to copy.
        while (Interlocked.Exchange(ref _running, 1) == 1) await Task.Delay(1);
        try
        {
            await using var connection = await database.OpenAsync();
            await RestartAsync(connection);
        }
        catch (Exception)
        {
            // Not now (a long reader): the next checkpoint finds the log long again.
        }
        finally
        {
            Interlocked.Exchange(ref _running, 0);
        }
    }

    // Everything is copied already; this only waits (within the busy timeout) for a moment when no reader is in the log.
    private async Task RestartAsync(System.Data.Common.DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = database.Dialect.RestartCheckpoint!;
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync() && reader.GetInt64(0) == 0) Interlocked.Increment(ref _restarts);
    }

    private async Task RunAsync()
    {
        try
        {
            await using var connection = await database.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = database.Dialect.Checkpoint!;
            long logFrames;
            await using (var reader = await command.ExecuteReaderAsync())
                logFrames = await reader.ReadAsync() ? reader.GetInt64(1) : 0;
            if (logFrames >= RestartFrames && database.Dialect.RestartCheckpoint is not null)
            {
                if (WriterRestarts) Interlocked.Exchange(ref _restartDue, 1);
                else await RestartAsync(connection);
            }
        }
        catch (Exception)
        {
            // A checkpoint that could not run now is tried after the next writes; the WAL only grows meanwhile.
        }
        finally
        {
            Interlocked.Exchange(ref _running, 0);
        }
    }
}
