using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Platform.Benchmarks;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;

// dotnet run -c Release --project tests/Platform.Benchmarks -- [--suite records|formulas] [--records 1000000] [--db sqlite|postgres|all]
//   [--postgres "Host=...;Username=...;Password=..."] [--out tests/Platform.Benchmarks/results/records.json]
var options = Args.Parse(args);
var results = new List<Measurement>();

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

if (options.Databases.Contains("sqlite"))
{
    var path = Path.Combine(Path.GetTempPath(), $"platform-bench-{Guid.NewGuid():N}.db");
    Console.WriteLine($"SQLite: {options.Records:N0} records in {path}");
    try
    {
        results.AddRange(await new RecordBenchmark(new PlatformDatabase(new SqliteDialect(), $"Data Source={path};Default Timeout=60"), options.Records, Console.Out).RunAsync());
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }
}

if (options.Databases.Contains("postgres"))
{
    if (options.Postgres is null)
    {
        Console.WriteLine("PostgreSQL: skipped (give --postgres or PLATFORM_BENCH_POSTGRES)");
    }
    else
    {
        var name = $"bench_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(options.Postgres))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", admin).ExecuteNonQueryAsync();
        }
        Console.WriteLine($"PostgreSQL: {options.Records:N0} records in database {name}");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = name }.ConnectionString;
            results.AddRange(await new RecordBenchmark(new PlatformDatabase(new PostgresDialect(), connection), options.Records, Console.Out).RunAsync());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(options.Postgres);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }
}

Report.Print(results, options.Records, Console.Out);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
await File.WriteAllTextAsync(options.Output, JsonSerializer.Serialize(new
{
    records = options.Records,
    machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
    at = DateTime.UtcNow,
    results = results.Select(r => new { r.Database, r.Operation, r.Unit, r.Platform, r.Raw, r.Ratio }),
}, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"Results written to {options.Output}");

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
