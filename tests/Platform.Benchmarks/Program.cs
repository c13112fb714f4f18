using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Platform.Benchmarks;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;

// dotnet run -c Release --project tests/Platform.Benchmarks -- [--suite records|formulas|grouping|scopes|workflows|reports|imports|http|cluster|circuits] [--records 1000000] [--db sqlite|postgres|all]
//   [--postgres "Host=...;Username=...;Password=..."] [--out tests/Platform.Benchmarks/results/records.json]
//   http and cluster only: [--clients 20] [--seconds 10] [--keep <folder to keep and reuse the loaded database>] [--only <operation>] [--workflows]
var options = Args.Parse(args);
var results = new List<Measurement>();

// --suite http: the real runtime under N clients over its REST API (SQLite).
if (options.Suite == "http")
{
    string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    var clients = int.Parse(Value("--clients") ?? "20", CultureInfo.InvariantCulture);
    var seconds = int.Parse(Value("--seconds") ?? "10", CultureInfo.InvariantCulture);
    Console.WriteLine($"HTTP: {options.Records:N0} customers on SQLite, {clients} clients, {seconds} s an operation");
    var load = await new Platform.Benchmarks.Http.HttpBenchmark(options.Records, clients, TimeSpan.FromSeconds(seconds), Console.Out,
        Value("--keep"), Value("--only"), workflows: args.Contains("--workflows")).RunAsync();
    Console.WriteLine();
    Console.WriteLine($"{"operation",-52} {"clients",7} {"req/s",9} {"rows/s",9} {"median ms",10} {"p99 ms",8} {"errors",7}");
    foreach (var r in load)
        Console.WriteLine($"{r.Operation,-52} {r.Clients,7} {r.RequestsPerSecond,9:N0} {r.RowsPerSecond,9:N0} {r.MedianMs,10:F1} {r.P99Ms,8:F1} {r.Errors,7}");
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
    await File.WriteAllTextAsync(options.Output, JsonSerializer.Serialize(new
    {
        records = options.Records,
        clients,
        seconds,
        machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
        at = DateTime.UtcNow,
        results = load,
    }, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"Results written to {options.Output}");
    return;
}

// --suite circuits: the web app's list pages held open in chromium against the real runtime (--records: how many pages).
if (options.Suite == "circuits")
{
    Console.WriteLine($"Circuits: {options.Records} list pages held open");
    results.AddRange(await new CircuitBenchmark(options.Records, Console.Out).RunAsync());
    options = options with { Databases = [] };
}

// --suite formulas: the formula language's cost (sandbox figures, then a write on SQLite).
if (options.Suite == "formulas")
{
    var path = Path.Combine(Path.GetTempPath(), $"platform-formulas-{Guid.NewGuid():N}.db");
    try
    {
        results.AddRange(await new FormulaBenchmark(new PlatformDatabase(new SqliteDialect(), $"Data Source={path};Default Timeout=60"), options.Records, Console.Out).RunAsync());
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }
    options = options with { Databases = [] };
}

// --suite grouping: concurrent single creates with writes grouped and side by side, per database.
if (options.Suite == "grouping")
{
    await EachDatabaseAsync((dialect, connection) =>
        new GroupingBenchmark(grouped => new PlatformDatabase(dialect, connection, grouped), 20, TimeSpan.FromSeconds(10), Console.Out).RunAsync());
    options = options with { Databases = [] };
}

// --suite scopes: a salesperson's page (own + pool, two hidden fields) beside an admin's, per database.
if (options.Suite == "scopes")
{
    await EachDatabaseAsync(async (dialect, connection) =>
    {
        await using var database = new PlatformDatabase(dialect, connection);
        return await new ScopeBenchmark(database, options.Records, Console.Out).RunAsync();
    });
    options = options with { Databases = [] };
}

// --suite workflows: an update with ten workflows beside none, due times on time, a backlog of due times worked off.
// --suite cluster: one node, one node behind the sticky proxy, two nodes behind it, on one PostgreSQL (http's operations).
if (options.Suite == "cluster")
{
    string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    var clients = int.Parse(Value("--clients") ?? "20", CultureInfo.InvariantCulture);
    var seconds = int.Parse(Value("--seconds") ?? "10", CultureInfo.InvariantCulture);
    options = options with { Databases = ["postgres"] };
    await EachDatabaseAsync(async (dialect, connection) =>
    {
        await using var database = new PlatformDatabase(dialect, connection);
        return await new Platform.Benchmarks.Http.ClusterBenchmark(database, connection, options.Records, clients, TimeSpan.FromSeconds(seconds), Console.Out, Value("--only")).RunAsync();
    });
    options = options with { Databases = [] };
}

if (options.Suite == "workflows")
{
    await EachDatabaseAsync(async (dialect, connection) =>
    {
        await using var database = new PlatformDatabase(dialect, connection);
        return await new WorkflowBenchmark(database, options.Records, Console.Out).RunAsync();
    });
    options = options with { Databases = [] };
}

// --suite reports: reports over 1M customers and 5M follow-ups beside hand-written GROUP BYs; the data is kept for the next run
// (SQLite in --keep, default the temp folder; PostgreSQL in a database named bench_reports).
if (options.Suite == "reports")
{
    if (options.Databases.Contains("sqlite"))
    {
        var keep = args.SkipWhile(a => a != "--keep").Skip(1).FirstOrDefault();
        var path = Path.Combine(keep ?? Path.GetTempPath(), $"platform-bench-reports-{options.Records}.db");
        await using var database = new PlatformDatabase(new SqliteDialect(), $"Data Source={path};Default Timeout=60");
        results.AddRange(await new ReportBenchmark(database, options.Records, Console.Out).RunAsync());
    }
    if (options.Databases.Contains("postgres") && options.Postgres is { } postgres)
    {
        var name = $"bench_reports_{options.Records}";
        await using (var admin = new NpgsqlConnection(postgres))
        {
            await admin.OpenAsync();
            if (await new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{name}'", admin).ExecuteScalarAsync() is null)
                await new NpgsqlCommand($"CREATE DATABASE {name}", admin).ExecuteNonQueryAsync();
        }
        await using var database = new PlatformDatabase(new PostgresDialect(), new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString);
        results.AddRange(await new ReportBenchmark(database, options.Records, Console.Out).RunAsync());
    }
    options = options with { Databases = [] };
}

// --suite imports: an .xlsx imported through the job beside MiniExcel and hand-written SQL, per database.
if (options.Suite == "imports")
{
    await EachDatabaseAsync(async (dialect, connection) =>
    {
        await using var database = new PlatformDatabase(dialect, connection);
        return await new ImportBenchmark(database, options.Records, Console.Out).RunAsync();
    });
    options = options with { Databases = [] };
}

// The record service beside raw SQL, per database.
await EachDatabaseAsync(async (dialect, connection) =>
{
    Console.WriteLine($"{dialect.Name}: {options.Records:N0} records");
    await using var database = new PlatformDatabase(dialect, connection);
    return await new RecordBenchmark(database, options.Records, Console.Out).RunAsync();
});

Report.Print(results, options.Records, Console.Out, options.Suite switch
{
    "cluster" => "Through the sticky proxy or two nodes behind it (\"platform\") beside one node direct or behind it (\"raw SQL\"), one PostgreSQL, same run",
    "grouping" => "Writes grouped (\"platform\") beside writers side by side (\"raw SQL\"), same database, same run",
    "scopes" => "A salesperson (\"platform\": own + pool, two fields hidden) beside an admin (\"raw SQL\"), same page, same run",
    "workflows" => "With workflows (\"platform\") beside without, or beside the issue's figure (\"raw SQL\"), same run",
    "imports" => "An .xlsx imported through the job (\"platform\") beside MiniExcel and hand-written SQL (\"raw SQL\"), same file, same table, same run",
    "reports" => "Reports (\"platform\") beside the hand-written GROUP BY, or a salesperson beside the admin (\"raw SQL\"), same data, same run",
    _ => null,
});
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
await File.WriteAllTextAsync(options.Output, JsonSerializer.Serialize(new
{
    records = options.Records,
    machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
    at = DateTime.UtcNow,
    results = results.Select(r => new { r.Database, r.Operation, r.Unit, r.Platform, r.Raw, r.Ratio }),
}, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"Results written to {options.Output}");

// One fresh database on each asked engine (a file, or a database of its own on the PostgreSQL server), removed after.
async Task EachDatabaseAsync(Func<SqlDialect, string, Task<List<Measurement>>> run)
{
    if (options.Databases.Contains("sqlite"))
    {
        var path = Path.Combine(Path.GetTempPath(), $"platform-bench-{Guid.NewGuid():N}.db");
        try
        {
            results.AddRange(await run(new SqliteDialect(), $"Data Source={path};Default Timeout=60"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }
    if (!options.Databases.Contains("postgres")) return;
    if (options.Postgres is null)
    {
        Console.WriteLine("PostgreSQL: skipped (give --postgres or PLATFORM_BENCH_POSTGRES)");
        return;
    }
    var name = $"bench_{Guid.NewGuid():N}";
    await using (var admin = new NpgsqlConnection(options.Postgres))
    {
        await admin.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE {name}", admin).ExecuteNonQueryAsync();
    }
    try
    {
        results.AddRange(await run(new PostgresDialect(), new NpgsqlConnectionStringBuilder(options.Postgres) { Database = name }.ConnectionString));
    }
    finally
    {
        NpgsqlConnection.ClearAllPools();
        await using var drop = new NpgsqlConnection(options.Postgres);
        await drop.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", drop).ExecuteNonQueryAsync();
    }
}

internal sealed record Args(int Records, string[] Databases, string? Postgres, string Output, string Suite)
{
    public static Args Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var db = Value("--db") ?? "all";
        return new Args(
            int.Parse(Value("--records") ?? "1000000", CultureInfo.InvariantCulture),
            db == "all" ? ["sqlite", "postgres"] : [db],
            Value("--postgres") ?? Environment.GetEnvironmentVariable("PLATFORM_BENCH_POSTGRES"),
            Value("--out") ?? $"tests/Platform.Benchmarks/results/{Value("--suite") ?? "records"}.json",
            Value("--suite") ?? "records");
    }
}
