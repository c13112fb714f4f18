using Microsoft.Data.Sqlite;
using Npgsql;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Storage.Schema;

namespace Platform.Testing;

/// <summary>A fresh, empty database of one kind, created for a fixture and dropped after it.</summary>
public abstract class TestDatabase
{
    public abstract string Name { get; }

    /// <summary>Why this database cannot be reached here, or null when it can.</summary>
    public abstract string? Unavailable { get; }

    /// <summary>Creates the database, with the platform's tables unless <paramref name="migrate"/> is false.</summary>
    public abstract Task<PlatformDatabase> CreateAsync(bool migrate = true);

    /// <summary>Another database of the same kind, for a test that needs one of its own.</summary>
    public abstract TestDatabase Another();

    public abstract Task DropAsync();

    public override string ToString() => Name;
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private string? _path;
    private PlatformDatabase? _database;

    public override string Name => "sqlite";

    public override TestDatabase Another() => new SqliteTestDatabase();

    public override string? Unavailable => null;

    public override async Task<PlatformDatabase> CreateAsync(bool migrate = true)
    {
        _path = Path.Combine(Path.GetTempPath(), $"platform-test-{Guid.NewGuid():N}.db");
        _database = new PlatformDatabase(new SqliteDialect(), $"Data Source={_path};Default Timeout=60");
        if (migrate) await SystemSchema.MigrateAsync(_database);
        return _database;
    }

    public override async Task DropAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (_path is not null && File.Exists(_path + suffix)) File.Delete(_path + suffix);
    }
}

/// <summary>PostgreSQL from PLATFORM_TEST_POSTGRES (tests/run.sh starts one); each fixture gets its own database.</summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    private static readonly string? Server = Environment.GetEnvironmentVariable("PLATFORM_TEST_POSTGRES");
    private string? _name;

    public override string Name => "postgres";

    public override TestDatabase Another() => new PostgresTestDatabase();

    public override string? Unavailable => Server is null ? "PLATFORM_TEST_POSTGRES is not set; tests/run.sh starts a PostgreSQL and sets it" : null;

    public override async Task<PlatformDatabase> CreateAsync(bool migrate = true)
    {
        _name = $"t_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(Server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var database = new PlatformDatabase(new PostgresDialect(), new NpgsqlConnectionStringBuilder(Server) { Database = _name }.ConnectionString);
        if (migrate) await SystemSchema.MigrateAsync(database);
        return database;
    }

    public override async Task DropAsync()
    {
        if (_name is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>SQL Server from PLATFORM_TEST_SQLSERVER; none can run on the build machines.</summary>
public sealed class SqlServerTestDatabase : TestDatabase
{
    private static readonly string? Server = Environment.GetEnvironmentVariable("PLATFORM_TEST_SQLSERVER");
    private string? _name;

    public override string Name => "sqlserver";

    public override TestDatabase Another() => new SqlServerTestDatabase();

    public override string? Unavailable => Server is null ? "PLATFORM_TEST_SQLSERVER is not set; no SQL Server can run on the build machines" : null;

    public override async Task<PlatformDatabase> CreateAsync(bool migrate = true)
    {
        _name = $"t_{Guid.NewGuid():N}";
        await using (var admin = new Microsoft.Data.SqlClient.SqlConnection(Server))
        {
            await admin.OpenAsync();
            await using var create = new Microsoft.Data.SqlClient.SqlCommand($"CREATE DATABASE [{_name}]", admin);
            await create.ExecuteNonQueryAsync();
        }
        var database = new PlatformDatabase(new SqlServerDialect(),
            new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(Server) { InitialCatalog = _name }.ConnectionString);
        if (migrate) await SystemSchema.MigrateAsync(database);
        return database;
    }

    public override async Task DropAsync()
    {
        if (_name is null) return;
        Microsoft.Data.SqlClient.SqlConnection.ClearAllPools();
        await using var admin = new Microsoft.Data.SqlClient.SqlConnection(Server);
        await admin.OpenAsync();
        await using var drop = new Microsoft.Data.SqlClient.SqlCommand($"ALTER DATABASE [{_name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_name}]", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
