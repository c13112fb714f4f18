namespace Platform.Engine.Storage;

/// <summary>
/// Moves SQLite's write-ahead log into the database in the background, at most once a second after writes,
/// on a connection of its own: a passive checkpoint never blocks the writer, so no commit waits for the copy
/// and its disk flush (SQLite would otherwise run it inside whichever commit crossed 1,000 pages). A long log is
/// also started over, so steady writes do not grow it without end.
/// </summary>
internal sealed class Checkpoints(PlatformDatabase database)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>A log this long (in pages: 64 MB of 4 KB pages) is started over, not only copied.</summary>
    internal long RestartFrames { get; set; } = 16_384;

    /// <summary>How many times the log was started over.</summary>
    internal long Restarts => Interlocked.Read(ref _restarts);

    private long _restarts;
    private long _last;
    private int _running;

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
            if (logFrames >= RestartFrames && database.Dialect.RestartCheckpoint is { } restart)
            {
                // Everything is copied already; this only waits (within the busy timeout) for a moment when no one is in the log.
                command.CommandText = restart;
                await using var reader = await command.ExecuteReaderAsync();
                if (await reader.ReadAsync() && reader.GetInt64(0) == 0) Interlocked.Increment(ref _restarts);
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
