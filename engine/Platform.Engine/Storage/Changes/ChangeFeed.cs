namespace Platform.Engine.Storage.Changes;

/// <summary>
/// How the nodes on one database tell each other what changed, so each drops what it cached at once instead of serving it
/// stale: PostgreSQL's LISTEN/NOTIFY, SQL Server by reading a small table of changes, nothing beyond this process on SQLite
/// (one process is its only user). A change is heard by the node that made it at once, and by the others once they listen
/// (<see cref="ListenAsync"/>, which the runtime's host runs). Caches compare a topic's <see cref="Generation"/> with the one
/// they read at: a change heard since makes what they hold old.
/// </summary>
public abstract class ChangeFeed : IAsyncDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);
    private long _everything;

    /// <summary>Raised for every change heard, this node's and the others'; handlers must be quick and must not throw.</summary>
    public event Action<Change>? Heard;

    /// <summary>
    /// Whether other processes' changes are heard right now: only then may a cache keep what it read for longer than a
    /// moment. False before listening, while the connection it listens on is down, and always on SQLite.
    /// </summary>
    public abstract bool HearsOtherNodes { get; }

    /// <summary>
    /// How long, in milliseconds, a cache may keep what it read when no change of it was heard: half a minute while every
    /// node's changes are heard, a second while other nodes' may go unheard.
    /// </summary>
    public long KeepFor => HearsOtherNodes ? 30_000 : 1_000;

    /// <summary>
    /// Tells every node, this one first; called after the change is committed. A change that cannot be sent is not an error
    /// of what was committed: the listeners' own reconnecting drops everything they held.
    /// </summary>
    public async Task TellAsync(Change change, CancellationToken ct = default)
    {
        Raise(change);
        try
        {
            await SendAsync(change, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>How many changes of <paramref name="topic"/> (and drops of everything) were heard so far.</summary>
    public long Generation(string topic) => Interlocked.Read(ref _everything) + _generations.GetValueOrDefault(topic);

    /// <summary>Hears the other nodes until <paramref name="ct"/> ends, reconnecting as needed.</summary>
    public virtual Task ListenAsync(CancellationToken ct) => Task.CompletedTask;

    protected abstract Task SendAsync(Change change, CancellationToken ct);

    protected void Raise(Change change)
    {
        if (change.Topic == ChangeTopics.Everything) Interlocked.Increment(ref _everything);
        else _generations.AddOrUpdate(change.Topic, 1, (_, generation) => generation + 1);
        Heard?.Invoke(change);
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>The feed of a database only this process uses: heard here, sent nowhere.</summary>
public sealed class LocalChangeFeed : ChangeFeed
{
    public override bool HearsOtherNodes => false;

    protected override Task SendAsync(Change change, CancellationToken ct) => Task.CompletedTask;
}
