using Platform.Engine.Storage;

namespace Platform.Runtime.Hosting;

/// <summary>
/// Hears what the other nodes on the database change, for as long as this process runs: their published forms and
/// workflows drop out of this node's caches at once (see <see cref="Platform.Engine.Storage.Changes.ChangeFeed"/>).
/// </summary>
internal sealed class ChangeListener(PlatformDatabase database) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => database.Changes.ListenAsync(stoppingToken);
}
