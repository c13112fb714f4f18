namespace Platform.Engine.Storage;

/// <summary>
/// Moves SQLite's write-ahead log into the database in the background, at most once a second after writes,
/// on a connection of its own: a passive checkpoint never blocks the writer, so no commit waits for the copy
/// and its disk flush (SQLite would otherwise run it inside whichever commit crossed 1,000 pages).
/// </summary>
internal sealed class Checkpoints(PlatformDatabase database)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
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

    private async Task RunAsync()
    {
        try
        {
            await using var connection = await database.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = database.Dialect.Checkpoint!;
            await command.ExecuteNonQueryAsync();
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
