using Microsoft.Data.Sqlite;
using Platform.Engine.Storage;

namespace Platform.Engine.Tests.Storage;

/// <summary>
/// On SQLite, writes and scalar reads go round the driver to SQLite's own statements (twice as fast for an INSERT of 18
/// columns). What they store and what they refuse must be what the driver stores and refuses: the same values of the
/// same types, the same exception for a taken unique value, and the driver's own handling of whatever they decline.
/// </summary>
public sealed class DirectStatementTests
{
    private readonly SqliteTestDatabase _target = new();
    private PlatformDatabase _database = null!;

    [SetUp]
    public async Task CreateAsync()
    {
        _database = await _target.CreateAsync(migrate: false);
        await using var connection = await _database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, way TEXT, v, code TEXT UNIQUE)";
        await command.ExecuteNonQueryAsync();
    }

    [TearDown]
    public async Task DropAsync()
    {
        await _database.DisposeAsync();
        await _target.DropAsync();
    }

    private static readonly object?[] Values =
        [null, DBNull.Value, "", "华为 Tech", "𠀀 (beyond the first plane)", 42L, 7, -1.5, 0.1, true, false, new byte[] { 0, 1, 255 }, long.MaxValue, 12.5m];

    [Test]
    public async Task Each_value_is_stored_as_the_driver_stores_it()
    {
        var direct = await WriteAsync(async work =>
        {
            foreach (var value in Values) await work.Commands.ExecuteAsync("INSERT INTO t (way, v) VALUES ('direct', @p0)", [value], CancellationToken.None);
            return work.Commands.Count;
        });
        Assert.That(direct, Is.EqualTo(2), "the statement kept by SQLite's own API, and as the driver's command for the decimal it declined");

        await using var connection = (SqliteConnection)await _database.OpenAsync();
        foreach (var value in Values)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t (way, v) VALUES ('driver', @p0)";
            insert.Parameters.AddWithValue("@p0", value ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync();
        }
        var stored = new Dictionary<string, List<(string Type, object Value)>> { ["direct"] = [], ["driver"] = [] };
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT way, typeof(v), v FROM t ORDER BY id";
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync()) stored[reader.GetString(0)].Add((reader.GetString(1), reader.GetValue(2) is byte[] bytes ? Convert.ToHexString(bytes) : reader.GetValue(2)));

        Assert.That(stored["direct"], Has.Count.EqualTo(Values.Length));
        Assert.That(stored["direct"], Is.EqualTo(stored["driver"]));
    }

    [Test]
    public async Task Scalars_come_back_as_the_driver_gives_them()
    {
        var results = await WriteAsync(async work =>
        {
            var id = await work.Commands.ScalarAsync("INSERT INTO t (way, v) VALUES ('direct', @p0) RETURNING id", ["x"], CancellationToken.None);
            return new[]
            {
                id,
                await work.Commands.ScalarAsync("SELECT v FROM t WHERE id = @p0", [id], CancellationToken.None),
                await work.Commands.ScalarAsync("SELECT code FROM t WHERE id = @p0", [id], CancellationToken.None),
                await work.Commands.ScalarAsync("SELECT v FROM t WHERE id = @p0", [-1L], CancellationToken.None),
                await work.Commands.ScalarAsync("SELECT 2.5", [], CancellationToken.None),
            };
        });

        Assert.That(results, Is.EqualTo(new object?[] { 1L, "x", DBNull.Value, null, 2.5 }));
    }

    [Test]
    public async Task An_insert_gives_the_id_of_its_row_as_its_returning_form_does()
    {
        const string insert = "INSERT INTO t (way, v) VALUES (@p0, @p1)";
        var ids = await WriteAsync(async work => new[]
        {
            await work.Commands.InsertAsync(insert, insert + " RETURNING id", ["direct", 1L], CancellationToken.None),
            await work.Commands.InsertAsync(insert, insert + " RETURNING id", ["driver", 2.5m], CancellationToken.None), // declined: the driver, returning
            await work.Commands.InsertAsync(insert, insert + " RETURNING id", ["direct", 3L], CancellationToken.None),
        });

        await using var connection = await _database.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT id, way FROM t ORDER BY id";
        await using var reader = await read.ExecuteReaderAsync();
        var stored = new List<(long, string)>();
        while (await reader.ReadAsync()) stored.Add((reader.GetInt64(0), reader.GetString(1)));
        Assert.That(stored, Is.EqualTo(new[] { (ids[0], "direct"), (ids[1], "driver"), (ids[2], "direct") }));
        Assert.That(ids, Is.Ordered.Ascending.And.Unique);
    }

    [Test]
    public async Task A_taken_unique_value_NaN_and_a_missing_parameter_are_refused_as_the_driver_refuses_them()
    {
        var taken = await Assert.ThrowsAsync<SqliteException>(() => WriteAsync(async work =>
        {
            await work.Commands.ExecuteAsync("INSERT INTO t (code) VALUES (@p0)", ["A-1"], CancellationToken.None);
            return await work.Commands.ExecuteAsync("INSERT INTO t (code) VALUES (@p0)", ["A-1"], CancellationToken.None);
        }));
        Assert.That(taken!.SqliteErrorCode, Is.EqualTo(19));
        Assert.That(taken.Message, Does.Contain("UNIQUE constraint failed: t.code"), "the message the dialect reads the field from");
        Assert.That(_database.Dialect.IsUniqueViolation(taken), Is.True);
        Assert.That(_database.Dialect.UniqueViolationColumn(taken), Is.EqualTo("code"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => WriteAsync(work => work.Commands.ExecuteAsync("INSERT INTO t (v) VALUES (@p0)", [double.NaN], CancellationToken.None)),
            "NaN is left to the driver, which refuses it");
        await Assert.ThrowsAsync<InvalidOperationException>(() => WriteAsync(work => work.Commands.ExecuteAsync("INSERT INTO t (v, code) VALUES (@p0, @p1)", ["only one"], CancellationToken.None)),
            "a parameter without a value is left to the driver, which names it");
        Assert.That(await CountAsync(), Is.EqualTo(0), "nothing of the refused transactions was kept");
    }

    [Test]
    public async Task Several_statements_in_one_text_run_through_the_driver_and_changes_are_counted()
    {
        var changes = await WriteAsync(async work =>
        {
            await work.Commands.ExecuteAsync("INSERT INTO t (v) VALUES (@p0); INSERT INTO t (v) VALUES (@p0)", [1L], CancellationToken.None);
            return await work.Commands.ExecuteAsync("UPDATE t SET v = @p0 WHERE v = 1", [2L], CancellationToken.None);
        });

        Assert.That(changes, Is.EqualTo(2));
        Assert.That(await CountAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task Rows_are_read_as_the_driver_reads_them_and_a_second_reader_of_the_same_text_goes_to_the_driver()
    {
        await WriteAsync(async work =>
        {
            foreach (var value in Values) await work.Commands.ExecuteAsync("INSERT INTO t (way, v) VALUES ('direct', @p0)", [value], CancellationToken.None);
            return 0;
        });
        const string sql = "SELECT id, v, way FROM t WHERE way = @a0 AND id > @a1 ORDER BY id";
        var args = new SqlArgs();
        args.Add("direct");
        args.Add(0L);

        await using var reading = await _database.ReadAsync();
        List<object?[]> direct;
        List<object?[]> nested;
        await using (var reader = await reading.Commands.ReaderAsync(sql, args, CancellationToken.None))
        {
            Assert.That(reader, Is.Not.InstanceOf<SqliteDataReader>(), "SQLite's own statement");
            Assert.That((reader.FieldCount, reader.GetName(1), reader.HasRows), Is.EqualTo((3, "v", true)));
            Assert.Throws<InvalidOperationException>(() => reader.GetValue(0), "no row before the first Read, as with the driver");
            direct = await RowsAsync(reader);
            await using var again = await reading.Commands.ReaderAsync(sql, args, CancellationToken.None);
            Assert.That(again, Is.InstanceOf<SqliteDataReader>(), "the statement is the open reader's: the driver reads this one");
            nested = await RowsAsync(again);
            Assert.That(await reader.ReadAsync(), Is.False, "past the end it stays there");
        }
        await using (var reader = await reading.Commands.ReaderAsync(sql, args, CancellationToken.None))
            Assert.That(await RowsAsync(reader), Is.EqualTo(direct), "reset when disposed: read again from the start");
        await using (var empty = await reading.Commands.ReaderAsync(sql, Args("nobody", 0L), CancellationToken.None))
            Assert.That((empty.HasRows, await empty.ReadAsync()), Is.EqualTo((false, false)));

        Assert.That(direct, Is.EqualTo(nested));
        Assert.That(direct, Has.Count.EqualTo(Values.Length));
    }

    private static SqlArgs Args(params object[] values)
    {
        var args = new SqlArgs();
        foreach (var value in values) args.Add(value);
        return args;
    }

    private static async Task<List<object?[]>> RowsAsync(System.Data.Common.DbDataReader reader)
    {
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([reader.GetInt64(0), reader.GetFieldType(1).Name, reader.IsDBNull(1) ? "NULL" : reader.GetValue(1) is byte[] bytes ? Convert.ToHexString(bytes) : reader.GetValue(1),
                reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)]);
        }
        return rows;
    }

    private Task<T> WriteAsync<T>(Func<UnitOfWork, Task<T>> work) => _database.WriteAsync((unit, _) => work(unit), CancellationToken.None);

    private async Task<long> CountAsync()
    {
        await using var connection = await _database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM t";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
