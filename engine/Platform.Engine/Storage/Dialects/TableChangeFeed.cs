using Dapper;
using Platform.Engine.Storage.Changes;

namespace Platform.Engine.Storage.Dialects;

/// <summary>
/// Changes as rows of <c>pf_changes</c>, read by every node four times a second: SQL Server has no LISTEN. A row is read
/// again for a few seconds (identities may commit out of order) and heard once; rows older than an hour are removed.
/// </summary>
internal sealed class TableChangeFeed(PlatformDatabase database) : ChangeFeed
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);
    private readonly Dictionary<long, DateTime> _heard = [];
    private volatile bool _listening;
    private int _turns;

    public override bool HearsOtherNodes => _listening;

    protected override async Task SendAsync(Change change, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("INSERT INTO pf_changes (topic, change_key, at) VALUES (@topic, @key, SYSUTCDATETIME())",
            new { topic = change.Topic, key = change.Key }, cancellationToken: ct));
    }

    public override async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenAsync(ct);
                var rows = await connection.QueryAsync<(long Id, string Topic, string Key, DateTime At)>(new CommandDefinition(
                    "SELECT id, topic, change_key, at FROM pf_changes WHERE at >= DATEADD(second, -5, SYSUTCDATETIME()) ORDER BY id", cancellationToken: ct));
                if (!_listening)
                {
                    // Nothing heard before now is owed: what changed meanwhile is covered by dropping everything.
                    foreach (var row in rows) _heard[row.Id] = row.At;
                    _listening = true;
                    Raise(Change.Everything);
                }
                foreach (var row in rows.Where(r => _heard.TryAdd(r.Id, r.At))) Raise(new Change(row.Topic, row.Key));
                var old = rows.Select(r => r.At).DefaultIfEmpty(DateTime.MaxValue).Min();
                foreach (var id in _heard.Where(h => h.Value < old).Select(h => h.Key).ToList()) _heard.Remove(id);
                if (++_turns % 240 == 0)
                    await connection.ExecuteAsync(new CommandDefinition("DELETE FROM pf_changes WHERE at < DATEADD(hour, -1, SYSUTCDATETIME())", cancellationToken: ct));
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                _listening = false;
            }
            await Task.Delay(Every, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _listening = false;
    }
}
