using Platform.Engine.Storage;

namespace Platform.Engine.Tests.Storage;

/// <summary>
/// Statements whose outcome nobody reads (history, events, link rows, search documents) are queued; on SQLite the queued
/// single-row INSERTs of one text run as INSERTs of many rows. What is stored must be what running each in turn stores:
/// every row, each table's rows in the order queued, a DELETE or UPDATE in its place, and nothing of a write whose row failed.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class QueuedRowsTests(TestDatabase target) : EngineFixture(target)
{
    private string _table = null!;
    private string _other = null!;

    [SetUp]
    public async Task CreateTablesAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        (_table, _other) = ("qr_rows_" + suffix, "qr_other_" + suffix);
        await using var connection = await Database.OpenAsync();
        foreach (var table in new[] { _table, _other })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Database.Dialect.CreateTable(new TableSpec(table, [new("n", ColumnSpec.Id, false), new("label", ColumnSpec.Key)], IdentityKey: true, null));
            await command.ExecuteNonQueryAsync();
        }
    }

    private string Insert(string table) => Database.Dialect.Insert(table, ["n", "label"]);

    [Test]
    public async Task Rows_of_two_tables_queued_in_turn_are_all_stored_each_table_in_its_order()
    {
        var statements = await Database.WriteAsync(async (work, ct) =>
        {
            for (var n = 0; n < 45; n++)
            {
                await work.Commands.QueueAsync(Insert(_table), [(long)n, "row " + n], ct);
                await work.Commands.QueueAsync(Insert(_other), [(long)n, n % 2 == 0 ? null : "odd"], ct);
            }
            await work.Commands.FlushAsync(ct);
            return work.Commands.Count;
        }, CancellationToken.None);

        Assert.That(await ReadAsync(_table), Is.EqualTo(Enumerable.Range(0, 45).Select(n => ((long)n, (string?)("row " + n)))));
        Assert.That(await ReadAsync(_other), Is.EqualTo(Enumerable.Range(0, 45).Select(n => ((long)n, n % 2 == 0 ? null : (string?)"odd"))));
        // In process (SQLite) the 45 rows of each table went as one INSERT of 32 rows, one of 8 and five of one: three
        // statements a table. A provider that batches sends the single-row statements together instead.
        if (!Database.Dialect.PreparesInProcess) return;
        Assert.That(statements, Is.EqualTo(6), "three statements for each table's 45 rows");
    }

    [Test]
    public async Task A_delete_queued_between_inserts_keeps_its_place()
    {
        await Database.WriteAsync(async (work, ct) =>
        {
            for (var n = 0; n < 40; n++) await work.Commands.QueueAsync(Insert(_table), [(long)n, "first"], ct);
            await work.Commands.QueueAsync($"DELETE FROM {Database.Dialect.Quote(_table)} WHERE label = @p0", ["first"], ct);
            for (var n = 0; n < 3; n++) await work.Commands.QueueAsync(Insert(_table), [(long)n, "second"], ct);
            return true;
        }, CancellationToken.None);

        Assert.That(await ReadAsync(_table), Is.EqualTo(new[] { (0L, "second"), (1L, "second"), (2L, "second") }));
    }

    [Test]
    public async Task A_failing_row_among_many_fails_the_write_and_keeps_nothing_of_it()
    {
        Assert.That(async () => await Database.WriteAsync(async (work, ct) =>
        {
            await work.Commands.ExecuteAsync(Insert(_other), [1L, "before"], ct);
            for (var n = 0; n < 40; n++) await work.Commands.QueueAsync(Insert(_table), [n == 20 ? null : (long)n, "row"], ct);
            return true;
        }, CancellationToken.None), Throws.Exception);

        Assert.That(await ReadAsync(_table), Is.Empty, "no row of the 40");
        Assert.That(await ReadAsync(_other), Is.Empty, "nor what the write did before");
    }

    [Test]
    public async Task What_a_failed_write_queued_is_forgotten()
    {
        await Database.WriteAsync(async (work, ct) =>
        {
            await work.Commands.QueueAsync(Insert(_table), [1L, "dropped"], ct);
            work.Commands.DiscardQueued();
            await work.Commands.QueueAsync(Insert(_table), [2L, "kept"], ct);
            return true;
        }, CancellationToken.None);

        Assert.That(await ReadAsync(_table), Is.EqualTo(new[] { (2L, "kept") }));
    }

    private async Task<List<(long N, string? Label)>> ReadAsync(string table)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT n, label FROM {Database.Dialect.Quote(table)} ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, string?)>();
        while (await reader.ReadAsync()) rows.Add((Convert.ToInt64(reader.GetValue(0)), reader.IsDBNull(1) ? null : reader.GetString(1)));
        return rows;
    }
}
