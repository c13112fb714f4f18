using Dapper;
using Npgsql;
using Platform.Engine.Storage.Changes;

namespace Platform.Engine.Storage.Dialects;

/// <summary>
/// Changes over PostgreSQL's LISTEN/NOTIFY: sent with <c>pg_notify</c> after the commit, heard on one connection kept for
/// listening. While that connection is down other nodes are not heard (caches keep things a second only), and once it is
/// back everything is dropped, since changes may have been missed meanwhile.
/// </summary>
internal sealed class PostgresChangeFeed(PlatformDatabase database) : ChangeFeed
{
    private const string Channel = "platform_changes";

    /// <summary>What the listening connection is called in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "platform-changes";
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(5);
    private volatile bool _listening;

    /// <summary>The listener's own connection, outside the pool and named, so an operator sees it for what it is.</summary>
    private string ListenerConnectionString => new NpgsqlConnectionStringBuilder(database.ConnectionString)
    {
        Pooling = false,
        ApplicationName = ApplicationName,
    }.ConnectionString;

    public override bool HearsOtherNodes => _listening;

    protected override async Task SendAsync(Change change, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @payload)",
            new { channel = Channel, payload = change.Topic + "\n" + change.Key }, cancellationToken: ct));
    }

    public override async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ListenerConnectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) =>
                {
                    if (e.Payload.Split('\n', 2) is [var topic, var key]) Raise(new Change(topic, key));
                };
                await connection.ExecuteAsync($"LISTEN {Channel}");
                _listening = true;
                Raise(Change.Everything);
                // A quiet connection is asked something now and then: one the network dropped is noticed within a few seconds.
                while (true)
                    if (!await connection.WaitAsync(Probe, ct)) await connection.ExecuteAsync("SELECT 1");
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                _listening = false;
                await Task.Delay(Retry, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                _listening = false;
            }
        }
    }
}
