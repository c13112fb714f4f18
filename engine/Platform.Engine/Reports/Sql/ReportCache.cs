using System.Collections.Concurrent;

namespace Platform.Engine.Reports.Sql;

/// <summary>
/// The grouped rows of report statements, kept for a short while and only as long as the forms they read have not changed:
/// each answer is filed under its statement and values (which carry the viewer's scope, periods and filters) with the
/// newest change event of those forms when it was read, and a change since makes it count for nothing. The change events
/// are the database's, so a write on another node is seen too.
/// </summary>
internal sealed class ReportCache(TimeSpan keepFor, int capacity = 1000)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _hits;
    private long _misses;

    private sealed record Entry(long Version, long At, List<object?[]> Rows);

    public bool Enabled => keepFor > TimeSpan.Zero;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public List<object?[]>? Find(string key, long version)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Version == version && Environment.TickCount64 - entry.At < keepFor.TotalMilliseconds)
        {
            Interlocked.Increment(ref _hits);
            return entry.Rows;
        }
        Interlocked.Increment(ref _misses);
        return null;
    }

    public void Keep(string key, long version, List<object?[]> rows)
    {
        if (_entries.Count >= capacity)
        {
            // Full: the oldest half goes, which keeps this rare and cheap.
            foreach (var old in _entries.OrderBy(e => e.Value.At).Take(capacity / 2).ToList()) _entries.TryRemove(old.Key, out _);
        }
        _entries[key] = new Entry(version, Environment.TickCount64, rows);
    }
}
