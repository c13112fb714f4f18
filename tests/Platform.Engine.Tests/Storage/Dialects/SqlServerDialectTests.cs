using Microsoft.Data.SqlClient;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;

namespace Platform.Engine.Tests.Storage.Dialects;

/// <summary>The SQL the SQL Server dialect writes, checked by shape: no SQL Server can run on the build machines.</summary>
public sealed class SqlServerDialectTests
{
    private readonly SqlServerDialect _dialect = new();

    [Test]
    public void Creates_tables_with_bracketed_names_identity_and_its_own_types()
    {
        var sql = _dialect.CreateTable(new TableSpec("f_1",
            [new("c_1", new ColumnSpec(ColumnType.Text, 1000)), new("c_2", new ColumnSpec(ColumnType.Decimal)), new("c_3", new ColumnSpec(ColumnType.DateTime), false),
             new("c_4", new ColumnSpec(ColumnType.Boolean)), new("c_5", ColumnSpec.Json), new("c_6", new ColumnSpec(ColumnType.Date))], IdentityKey: true));

        Assert.That(sql, Is.EqualTo("CREATE TABLE [f_1] ([id] bigint IDENTITY(1,1) PRIMARY KEY, [c_1] nvarchar(1000), [c_2] decimal(28, 8), " +
                                    "[c_3] datetime2(7) NOT NULL, [c_4] bit, [c_5] nvarchar(max), [c_6] date)"));
    }

    [Test]
    public void Keeps_bytes_as_varbinary()
    {
        Assert.That(_dialect.TypeOf(new ColumnSpec(ColumnType.Bytes)), Is.EqualTo("varbinary(max)"));
        Assert.That(_dialect.FromDb(ColumnType.Bytes, new byte[] { 1, 2 }), Is.EqualTo(new byte[] { 1, 2 }));
    }

    [Test]
    public void Stores_fixed_point_numbers_as_bigint_minor_units()
    {
        var money = new ColumnSpec(ColumnType.Fixed, Scale: 2);

        Assert.That(_dialect.TypeOf(money), Is.EqualTo("bigint"));
        Assert.That(_dialect.ToDb(money, 12.345m), Is.EqualTo(1235L));
        Assert.That(_dialect.FromDb(money, 1235L), Is.EqualTo(12.35m));
        Assert.Throws<OverflowException>(() => _dialect.ToDb(money, 10_000_000_000_000_000m));
    }

    [Test]
    public void Unique_indexes_ignore_empty_values()
    {
        Assert.That(_dialect.CreateIndex(new IndexSpec("ux_f_1__c_2", "f_1", ["c_2"], Unique: true)),
            Is.EqualTo("CREATE UNIQUE INDEX [ux_f_1__c_2] ON [f_1] ([c_2]) WHERE [c_2] IS NOT NULL"));
        Assert.That(_dialect.DropIndex("f_1", "ux_f_1__c_2"), Is.EqualTo("DROP INDEX [ux_f_1__c_2] ON [f_1]"));
        Assert.That(_dialect.CreateIndex(new IndexSpec("ux_f_1__d_2", "f_1", ["d_2"], Unique: true, LiveOnly: true)),
            Is.EqualTo("CREATE UNIQUE INDEX [ux_f_1__d_2] ON [f_1] ([d_2]) WHERE [deleted_at] IS NULL AND [d_2] IS NOT NULL"), "a duplicate check's keys: live records only");
    }

    [Test]
    public void Indexes_for_queries_are_filtered_to_live_records()
    {
        Assert.That(_dialect.CreateIndex(new IndexSpec("cx_f_1__c_2__c_3", "f_1", ["c_2", "c_3", "id"], LiveOnly: true)),
            Is.EqualTo("CREATE INDEX [cx_f_1__c_2__c_3] ON [f_1] ([c_2], [c_3], [id]) WHERE [deleted_at] IS NULL"));
        Assert.That(_dialect.HasSearchIndex, Is.False, "quick search reads the text columns with LIKE here");
    }

    [Test]
    public void A_records_link_values_come_in_its_row_as_a_json_array_in_order()
    {
        Assert.That(_dialect.LinkValues("f_1_m_4", text: true), Is.EqualTo(
            "(SELECT N'[' + STRING_AGG(CAST(N'\"' + STRING_ESCAPE([value], 'json') + N'\"' AS nvarchar(max)), N',') WITHIN GROUP (ORDER BY [ord]) + N']' " +
            "FROM [f_1_m_4] WHERE [record_id] = t.[id])"));
        Assert.That(_dialect.LinkValues("f_1_m_5", text: false), Does.StartWith("(SELECT N'[' + STRING_AGG(CAST([value] AS nvarchar(max))"));
    }

    [Test]
    public void Inserts_return_the_new_id_through_output()
    {
        Assert.That(_dialect.InsertReturningId("f_1", ["c_1", "c_2"]),
            Is.EqualTo("INSERT INTO [f_1] ([c_1], [c_2]) OUTPUT INSERTED.[id] VALUES (@p0, @p1)"));
    }

    [Test]
    public void Pages_with_offset_fetch()
    {
        Assert.That(_dialect.Page("SELECT 1 ORDER BY id", "@l", null), Is.EqualTo("SELECT 1 ORDER BY id OFFSET 0 ROWS FETCH NEXT @l ROWS ONLY"));
        Assert.That(_dialect.Page("SELECT 1 ORDER BY id", "@l", "@o"), Is.EqualTo("SELECT 1 ORDER BY id OFFSET @o ROWS FETCH NEXT @l ROWS ONLY"));
    }

    [Test]
    public void Escapes_like_wildcards_including_brackets()
    {
        Assert.That(_dialect.EscapeLike("50%_[a]\\"), Is.EqualTo("50\\%\\_\\[a]\\\\"));
    }

    [Test]
    public void Sequences_lock_the_row_they_increment()
    {
        Assert.That(_dialect.NextSequenceValue, Does.Contain("WITH (UPDLOCK, HOLDLOCK)").And.Contain("OUTPUT INSERTED.value"));
    }

    [Test]
    public void Changing_a_text_length_alters_the_column()
    {
        Assert.That(_dialect.AlterColumnType("f_1", "c_1", new ColumnSpec(ColumnType.Text, 2000)),
            Is.EqualTo("ALTER TABLE [f_1] ALTER COLUMN [c_1] nvarchar(2000)"));
    }

    [Test]
    public void Dates_are_sent_as_date_times()
    {
        Assert.That(_dialect.ToDb(ColumnType.Date, new DateOnly(2026, 2, 28)), Is.EqualTo(new DateTime(2026, 2, 28)));
    }

    [Test]
    public void Sorts_nulls_first_by_default_so_no_extra_clause_is_written()
    {
        Assert.That(_dialect.OrderTerm("t.[c_1]", false), Is.EqualTo("t.[c_1]"));
        Assert.That(_dialect.OrderTerm("t.[c_1]", true), Is.EqualTo("t.[c_1] DESC"));
    }

    [Test]
    public void Creates_closed_sql_client_connections_to_the_configured_server()
    {
        using var connection = _dialect.CreateConnection("Server=db.example;Database=crm;Encrypt=false");

        Assert.That(connection, Is.InstanceOf<SqlConnection>());
        Assert.That((connection.DataSource, connection.Database, connection.State), Is.EqualTo(("db.example", "crm", System.Data.ConnectionState.Closed)));
    }

    [Test]
    public void Reports_measure_time_in_whole_seconds_and_plan_each_statement_anyway()
    {
        Assert.That(_dialect.SecondsBetween("h.at", "h.left_at"), Is.EqualTo("DATEDIFF_BIG(second, h.at, h.left_at)"));
        Assert.That(_dialect.PlanForValues, Is.Null);
        Assert.That(_dialect.TypeOf(ColumnSpec.Id), Is.EqualTo("bigint"), "a grouping set's missing dimension is a NULL of this type");
    }
}
