using System.Text;
using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Models;
using Platform.Engine.Storage;
using Platform.Engine.Validation;
using Platform.Engine.Values;

namespace Platform.Engine.Tests.Storage;

/// <summary>Money and numbers of fixed precision are integers of minor units in every database: SQL sums are exact, and one range holds everywhere.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class ExactNumberTests(TestDatabase target) : EngineFixture(target)
{
    private const string Ledger = """
        { "key": "ledger", "fields": [ { "key": "name", "type": "text" }, { "key": "amount", "type": "money" },
          { "key": "units", "type": "number", "precision": 0 }, { "key": "doubled", "type": "formula", "expression": "amount * 2" } ] }
        """;

    private string Column(FormModel form, string key) => Database.Dialect.Quote(form.Field(key)!.Stored.Column!);

    [Test]
    public async Task The_sql_sum_of_a_million_money_values_is_the_exact_decimal_total()
    {
        var form = await PublishAsync(await NewAppAsync(), Ledger);
        var spec = form.Field("amount")!.Stored.Spec!;
        var random = new Random(20261129);
        var exact = 0m;
        var dialect = Database.Dialect;
        await using (var connection = await Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // A million where the issue asks it (SQLite, whose NUMERIC was floating point); a tenth of that elsewhere keeps the run short.
            var rows = Target is SqliteTestDatabase ? 1_000_000 : 100_000;
            const int chunk = 1_000;
            var at = dialect.ToDb(ColumnType.DateTime, Clock.GetUtcNow().UtcDateTime);
            for (var start = 0; start < rows; start += chunk)
            {
                var sql = new StringBuilder($"INSERT INTO {dialect.Quote(form.Table)} (created_at, updated_at, version, {Column(form, "amount")}) VALUES ");
                var parameters = new DynamicParameters();
                parameters.Add("at", at);
                for (var i = 0; i < chunk; i++)
                {
                    // Cents that floating point cannot hold exactly: 0.01, 0.07, 19.99...
                    var amount = random.Next(0, 10_000_000) / 100m;
                    exact += amount;
                    sql.Append(i == 0 ? "" : ", ").Append($"(@at, @at, 1, @v{i})");
                    parameters.Add("v" + i, dialect.ToDb(spec, amount));
                }
                await connection.ExecuteAsync(sql.ToString(), parameters, transaction);
            }
            await transaction.CommitAsync();
        }

        await using var reading = await Database.OpenAsync();
        var sum = dialect.FromDb(spec, await reading.ExecuteScalarAsync<object>($"SELECT SUM({Column(form, "amount")}) FROM {dialect.Quote(form.Table)}"));

        Assert.That(sum, Is.EqualTo(exact));
        Assert.That(spec, Is.EqualTo(new ColumnSpec(ColumnType.Fixed, Scale: 2)));
    }

    [Test]
    public async Task A_sql_sum_past_64_bits_fails_or_widens_and_never_wraps()
    {
        var form = await PublishAsync(await NewAppAsync(), Ledger);
        var spec = form.Field("units")!.Stored.Spec!;
        var dialect = Database.Dialect;
        await using var connection = await Database.OpenAsync();
        for (var i = 0; i < 10; i++)
            await connection.ExecuteAsync($"INSERT INTO {dialect.Quote(form.Table)} (created_at, updated_at, version, {Column(form, "units")}) VALUES (@at, @at, 1, @v)",
                new { at = dialect.ToDb(ColumnType.DateTime, Clock.GetUtcNow().UtcDateTime), v = dialect.ToDb(spec, 999_999_999_999_999_999m) });

        object? sum;
        try
        {
            sum = await connection.ExecuteScalarAsync<object>($"SELECT SUM({Column(form, "units")}) FROM {dialect.Quote(form.Table)}");
        }
        catch (Exception e) when (e.Message.Contains("overflow", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Pass($"{Target.Name} refuses the sum: {e.Message}");
            return;
        }

        // A database that widens (PostgreSQL's SUM of bigint is numeric) must give the exact total.
        Assert.That(Convert.ToDecimal(sum, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(9_999_999_999_999_999_990m));
    }

    [TestCase("amount", "99999999999999999.99", "number.fixedRange")]
    [TestCase("amount", "-10000000000000000", "number.fixedRange")]
    [TestCase("units", "1000000000000000000", "number.fixedRange")]
    public async Task A_value_beyond_the_range_of_its_precision_is_refused_with_the_range(string field, string value, string code)
    {
        var form = await PublishAsync(await NewAppAsync(), Ledger);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.CreateAsync(form, Json.Of($$"""{ "{{field}}": {{value}} }"""), User()));

        Assert.That(error!.Errors.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { (field, code) }));
        Assert.That(error.Errors[0].Message("zh-CN"), Does.Contain(FixedPoint.Limit(field == "units" ? 0 : 2).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task The_edges_of_the_range_are_stored_and_read_back_exactly()
    {
        var form = await PublishAsync(await NewAppAsync(), Ledger);

        var record = await Records.CreateAsync(form, Json.Of("""{ "amount": 9999999999999999.99, "units": 999999999999999999 }"""), User());
        var read = await Records.GetAsync(form, record.Id, User());
        var negative = await Records.CreateAsync(form, Json.Of("""{ "amount": -0.005 }"""), User());

        Assert.That((read.Values["amount"], read.Values["units"]), Is.EqualTo((9999999999999999.99m, 999999999999999999m)));
        // 2 × the largest amount is beyond the range: the formula is stored blank with a warning, the record saved.
        Assert.That(read.Values["doubled"], Is.Null);
        Assert.That(record.Warnings.Single().Field, Is.EqualTo("doubled"));
        Assert.That((await Records.GetAsync(form, negative.Id, User())).Values["amount"], Is.EqualTo(-0.01m));
    }

    [Test]
    public async Task Forms_of_the_earlier_floating_point_layout_are_upgraded_in_place_after_a_dry_run_lists_what_would_not_fit()
    {
        var app = await NewAppAsync();
        var form = await PublishAsync(app, Ledger);
        var ok = await PublishAsync(app, Ledger.Replace("\"ledger\"", "\"small\""));
        var big = await Records.CreateAsync(form, Json.Of("""{ "name": "big", "amount": 12.34 }"""), User());
        var small = await Records.CreateAsync(ok, Json.Of("""{ "name": "small", "amount": 0.07 }"""), User());
        await MakeFloatingPointAsync(form, ("amount", big.Id, 1e20m));
        await MakeFloatingPointAsync(ok, ("amount", small.Id, 0.07m));
        var forms = new FormService(Database, Sandbox, Clock);
        var upgrade = new StorageUpgrade(Database, new FormPublisher(forms, new Platform.Engine.Records.RecordService(Database, Sandbox, Clock)));

        var dryRun = await upgrade.RunAsync(dryRun: true);
        var applied = await upgrade.RunAsync(dryRun: false);
        var smallNow = await forms.GetModelAsync(app, "small");
        var ledgerNow = await forms.GetModelAsync(app, "ledger");

        Assert.That(dryRun.Where(r => r.App == app).Select(r => (r.Form, r.Upgraded, r.Plan.DataLoss.Sum(l => l.Count))),
            Is.EqualTo(new[] { ("ledger", false, 1), ("small", false, 0) }));
        Assert.That(applied.Where(r => r.App == app).Select(r => (r.Form, r.Upgraded)), Is.EqualTo(new[] { ("ledger", false), ("small", true) }));
        Assert.That(smallNow.Field("amount")!.Stored.Spec!.Type, Is.EqualTo(ColumnType.Fixed));
        Assert.That((await Records.GetAsync(smallNow, small.Id, User())).Values["amount"], Is.EqualTo(0.07m));
        // The form that could not be upgraded keeps working on its old column.
        Assert.That(ledgerNow.Field("amount")!.Stored.Spec!.Type, Is.EqualTo(ColumnType.Decimal));
        Assert.That((await Records.GetAsync(ledgerNow, big.Id, User())).Values["amount"], Is.EqualTo(1e20m));
    }

    /// <summary>Lays a field out as the earlier release did: a floating-point column (NUMERIC on SQLite) holding the value itself.</summary>
    private async Task MakeFloatingPointAsync(FormModel form, (string Field, long Id, decimal Value) value)
    {
        var dialect = Database.Dialect;
        var legacy = new ColumnSpec(ColumnType.Decimal);
        var storage = form.Storage with
        {
            Fields = [.. form.Storage.Fields.Select(f => f.Key == value.Field ? f with { Column = "legacy_" + f.Column, Spec = legacy } : f)],
        };
        await using var connection = await Database.OpenAsync();
        await connection.ExecuteAsync(dialect.AddColumn(form.Table, new ColumnDef("legacy_" + form.Field(value.Field)!.Stored.Column, legacy)));
        await connection.ExecuteAsync($"UPDATE {dialect.Quote(form.Table)} SET {dialect.Quote("legacy_" + form.Field(value.Field)!.Stored.Column)} = @v WHERE id = @id",
            new { v = dialect.ToDb(ColumnType.Decimal, value.Value), id = value.Id });
        await connection.ExecuteAsync("UPDATE pf_forms SET storage = @storage WHERE id = @id", new { storage = storage.ToJson(), id = form.FormId });
    }
}
