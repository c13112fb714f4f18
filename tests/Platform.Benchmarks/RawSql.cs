using System.Data.Common;
using Platform.Engine.Models;
using Platform.Engine.Storage;

namespace Platform.Benchmarks;

/// <summary>
/// The baseline: hand-written ADO.NET on the very same table (its generated column names read from
/// the layout), doing only what a program must to store and read these rows: no checks, no
/// history, no events. What the platform costs above this is its price.
/// </summary>
public sealed class RawSql(PlatformDatabase database, FormModel form, FormModel? companies = null)
{
    private readonly string[] _fields = ["name", "company", "stage", "sales", "amount", "source", "email", "phone", "firstContact", "lastActivity", "score", "city"];

    private string Column(string key) => database.Dialect.Quote(form.Field(key)!.Stored.Column!);

    private string TagsTable => database.Dialect.Quote(form.Field("tags")!.Stored.Table!);

    private string InsertSql => database.Dialect.InsertReturningId(form.Table,
        ["created_at", "created_by", "updated_at", "updated_by", "owner", "version", .. _fields.Select(f => form.Field(f)!.Stored.Column!)]);

    private string TagSql => $"INSERT INTO {TagsTable} (record_id, value, ord) VALUES (@p0, @p1, @p2)";

    /// <summary>Inserts customers in one transaction; tag rows batched where the provider can.</summary>
    /// <param name="ownerOf">Each customer's owner (null: the public pool); the inserting user when not given.</param>
    public async Task InsertAsync(IReadOnlyList<Customer> customers, long userId, Func<Customer, long?>? ownerOf = null)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = Command(connection, transaction, InsertSql, 18);
        await using var tag = Command(connection, transaction, TagSql, 3);
        var batch = connection.CanCreateBatch ? connection.CreateBatch() : null;
        if (batch is not null) batch.Transaction = transaction;
        var now = database.Dialect.ToDb(ColumnType.DateTime, DateTime.UtcNow);
        foreach (var c in customers)
        {
            object?[] values = [now, userId, now, userId, ownerOf is null ? userId : ownerOf(c) ?? (object)DBNull.Value, 1L, c.Name, c.Company, c.Stage, c.Sales, Db("amount", c.Amount), c.Source, c.Email, c.Phone,
                database.Dialect.ToDb(ColumnType.Date, c.FirstContact), database.Dialect.ToDb(ColumnType.DateTime, c.LastActivity), Db("score", c.Score), c.City];
            for (var i = 0; i < values.Length; i++) insert.Parameters[i].Value = values[i];
            var id = Convert.ToInt64(await insert.ExecuteScalarAsync());
            for (var t = 0; t < c.Tags.Length; t++)
            {
                if (batch is null)
                {
                    tag.Parameters[0].Value = id;
                    tag.Parameters[1].Value = c.Tags[t];
                    tag.Parameters[2].Value = (long)t;
                    await tag.ExecuteNonQueryAsync();
                }
                else
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = TagSql;
                    AddParameters(command, id, c.Tags[t], (long)t);
                    batch.BatchCommands.Add(command);
                }
            }
        }
        if (batch is { BatchCommands.Count: > 0 }) await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    /// <summary>The page query written by hand: the same filter, order and limit, then the page's tags.</summary>
    public async Task<int> PageAsync(long sales, string[] stages)
    {
        await using var connection = await database.OpenAsync();
        var dialect = database.Dialect;
        var columns = string.Join(", ", _fields.Select(f => "t." + Column(f)));
        var sql = dialect.Page($"SELECT t.id, t.version, {columns} FROM {dialect.Quote(form.Table)} t WHERE t.deleted_at IS NULL AND t.{Column("sales")} = @s " +
                               $"AND t.{Column("stage")} IN ({string.Join(", ", stages.Select((_, i) => "@st" + i))}) " +
                               $"ORDER BY {dialect.OrderTerm("t." + Column("amount"), true)}, t.id", "@limit", null);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@s", sales);
        for (var i = 0; i < stages.Length; i++) Add(command, "@st" + i, stages[i]);
        Add(command, "@limit", 51);
        var ids = await ReadAsync(command);
        await ReadTagsAsync(connection, ids);
        return ids.Count;
    }

    /// <summary>
    /// A quick search's first page written by hand as most would: the rows whose search document matches, through the same
    /// index (a subquery), in id order.
    /// </summary>
    public async Task<int> SearchAsync(string term)
    {
        await using var connection = await database.OpenAsync();
        var dialect = database.Dialect;
        await using var command = connection.CreateCommand();
        command.CommandText = dialect.Page($"SELECT t.id, t.version, {string.Join(", ", _fields.Select(f => "t." + Column(f)))} FROM {dialect.Quote(form.Table)} t " +
                                           $"WHERE t.deleted_at IS NULL AND {dialect.SearchCondition(form.Table, "@q")} ORDER BY t.id", "@limit", null);
        Add(command, "@q", dialect.SearchQuery(Platform.Engine.Records.Search.SearchText.Words(term)));
        Add(command, "@limit", 51);
        var ids = await ReadAsync(command);
        await ReadTagsAsync(connection, ids);
        return ids.Count;
    }

    public async Task GetAsync(long id)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT t.id, t.version, {string.Join(", ", _fields.Select(f => "t." + Column(f)))} FROM {database.Dialect.Quote(form.Table)} t WHERE t.id = @id AND t.deleted_at IS NULL";
        Add(command, "@id", id);
        var ids = await ReadAsync(command);
        await ReadTagsAsync(connection, ids);
    }

    /// <summary>
    /// A list's page written by hand: optionally the total, then 50 rows in id order (or by <paramref name="sort"/>, then id)
    /// after <paramref name="after"/>, their tags, and the names of the people and companies they show. Returns where it ended.
    /// </summary>
    public async Task<(string? Sort, long Id)?> ListPageAsync(string? sort, (string? Sort, long Id)? after, bool count)
    {
        await using var connection = await database.OpenAsync();
        var dialect = database.Dialect;
        var table = dialect.Quote(form.Table);
        if (count)
        {
            await using var total = connection.CreateCommand();
            total.CommandText = $"SELECT COUNT(*) FROM {table} t WHERE t.deleted_at IS NULL";
            await total.ExecuteScalarAsync();
        }
        await using var command = connection.CreateCommand();
        var key = sort is null ? null : "t." + Column(sort);
        var where = after is not { } from ? "" : key is null ? " AND t.id > @id" : $" AND ({key} > @s OR ({key} = @s AND t.id > @id))";
        command.CommandText = dialect.Page($"SELECT t.id, t.version, {string.Join(", ", _fields.Select(f => "t." + Column(f)))}{(key is null ? "" : ", " + key + " AS sort_key")} " +
                                          $"FROM {table} t WHERE t.deleted_at IS NULL{where} ORDER BY {(key is null ? "" : key + ", ")}t.id", "@limit", null);
        if (after is { } position)
        {
            Add(command, "@id", position.Id);
            if (key is not null) Add(command, "@s", position.Sort);
        }
        Add(command, "@limit", 51);
        var rows = new List<(long Id, string? Sort, long? Sales, long? Company)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            var sales = reader.GetOrdinal(form.Field("sales")!.Stored.Column!);
            var company = reader.GetOrdinal(form.Field("company")!.Stored.Column!);
            while (await reader.ReadAsync())
                rows.Add((reader.GetInt64(0), key is null ? null : reader["sort_key"] as string,
                    reader.IsDBNull(sales) ? null : Convert.ToInt64(reader[sales], System.Globalization.CultureInfo.InvariantCulture),
                    reader.IsDBNull(company) ? null : Convert.ToInt64(reader[company], System.Globalization.CultureInfo.InvariantCulture)));
        }
        await ReadTagsAsync(connection, rows.Select(r => r.Id).ToList());
        await NamesAsync(connection, "pf_users", "name", rows.Select(r => r.Sales));
        if (companies is not null)
            await NamesAsync(connection, database.Dialect.Quote(companies.Table), database.Dialect.Quote(companies.Field("name")!.Stored.Column!), rows.Select(r => r.Company));
        return rows.Count == 0 ? null : (rows[^1].Sort, rows[^1].Id);
    }

    private static async Task NamesAsync(DbConnection connection, string table, string column, IEnumerable<long?> ids)
    {
        var wanted = ids.OfType<long>().Distinct().ToList();
        if (wanted.Count == 0) return;
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, {column} FROM {table} WHERE id IN ({string.Join(", ", wanted.Select((_, i) => "@n" + i))})";
        for (var i = 0; i < wanted.Count; i++) Add(command, "@n" + i, wanted[i]);
        await ReadAsync(command);
    }

    private async Task ReadTagsAsync(DbConnection connection, List<long> ids)
    {
        if (ids.Count == 0) return;
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT record_id, value FROM {TagsTable} WHERE record_id IN ({string.Join(", ", ids.Select((_, i) => "@i" + i))}) ORDER BY record_id, ord";
        for (var i = 0; i < ids.Count; i++) Add(command, "@i" + i, ids[i]);
        await ReadAsync(command);
    }

    private static async Task<List<long>> ReadAsync(DbCommand command)
    {
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        var row = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(row);
            ids.Add(Convert.ToInt64(row[0]));
        }
        return ids;
    }

    // As the column stores it: a fixed-point number as its minor units, what hand-written SQL for this table would send.
    private object? Db(string field, decimal value) => database.Dialect.ToDb(form.Field(field)!.Stored.Spec!, value);

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++) Add(command, "@p" + i, null);
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static void AddParameters(DbBatchCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            parameter.Value = values[i];
            command.Parameters.Add(parameter);
        }
    }
}
