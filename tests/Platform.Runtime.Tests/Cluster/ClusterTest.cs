namespace Platform.Runtime.Tests.Cluster;

/// <summary>
/// A fresh PostgreSQL database that runtime nodes started by the test share (nothing migrated: the nodes do it), and a
/// folder for their data and logs (kept when <c>KEEP</c> is set).
/// </summary>
public abstract class ClusterTest
{
    private readonly PostgresTestDatabase _target = new();

    protected string Root { get; private set; } = null!;

    protected string ConnectionString { get; private set; } = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        if (_target.Unavailable is { } why) Assert.Ignore(why);
        Root = Path.Combine(Path.GetTempPath(), $"platform-nodes-{Guid.NewGuid():N}");
        await using var database = await _target.CreateAsync(migrate: false);
        ConnectionString = database.ConnectionString;
    }

    [TearDown]
    public async Task DropDatabase()
    {
        await _target.DropAsync();
        if (Directory.Exists(Root) && Environment.GetEnvironmentVariable("KEEP") is null) Directory.Delete(Root, recursive: true);
    }

    /// <summary>A runtime node on the shared database, called <paramref name="name"/>, sign-ins unlimited; more settings after.</summary>
    protected Task<RuntimeProcess> NodeAsync(string name, params string[] settings) => RuntimeProcess.StartAsync(Path.Combine(Root, name),
        [.. RuntimeProcess.OnPostgres(ConnectionString, name), "--Platform:SignInsPerMinute", "1000", .. settings]);
}
