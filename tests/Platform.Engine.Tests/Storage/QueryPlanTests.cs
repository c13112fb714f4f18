using System.Text.RegularExpressions;
using Dapper;
using Platform.Engine.Forms;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Storage;

/// <summary>
/// The hot queries keep using their indexes: a filtered, sorted page and its count served by a declared
/// composite index over live records, a count per stage by the field's own index, a get by its key.
/// These fail when a change to the SQL or to the indexes makes the database scan the table instead.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class QueryPlanTests(TestDatabase target) : EngineFixture(target)
{
    private const string Deal = """
        { "key": "deal", "fields": [
            { "key": "name", "type": "text" },
            { "key": "stage", "type": "select", "options": [ { "key": "lead" }, { "key": "mql" }, { "key": "sql" }, { "key": "won" }, { "key": "lost" } ] },
            { "key": "amount", "type": "money" },
            { "key": "tags", "type": "multiselect", "options": [ { "key": "vip" } ] },
            { "key": "lines", "type": "subform", "fields": [ { "key": "qty", "type": "number" } ] } ],
          "indexes": [ { "fields": ["stage", "amount"] } ] }
        """;

    private static readonly QueryRequest WonOver50k = new()
    {
        Filter = new AndFilter([Condition.Of("stage", "eq", "won"), Condition.Of("amount", "gt", 50000)]),
        Sort = [new SortKey("amount", Descending: true)],
        PageSize = 50,
    };

    private FormModel _deal = null!;
    private long _someId;

    [OneTimeSetUp]
    public async Task FillAsync()
    {
        if (Database.Dialect is SqlServerDialect) Assert.Ignore("Query plans are read on SQLite and PostgreSQL; SQL Server cannot run here.");
        _deal = await PublishAsync(await NewAppAsync(), Deal);
        var random = new Random(7);
        string[] stages = ["lead", "mql", "sql", "won", "lost"];
        for (var batch = 0; batch < 4; batch++)
        {
            var payloads = Enumerable.Range(0, 1000).Select(i => Json.From(new
            {
                name = $"Deal {batch}-{i}",
                stage = stages[random.Next(stages.Length)],
                amount = random.Next(0, 100_000),
                tags = i % 3 == 0 ? new[] { "vip" } : [],
            })).ToList();
            var created = await Records.CreateManyAsync(_deal, payloads, User());
            _someId = created[500].Id;
        }
        await using var connection = await Database.OpenAsync();
        await connection.ExecuteAsync(Database.Dialect is PostgresDialect ? "VACUUM ANALYZE" : "ANALYZE", commandType: System.Data.CommandType.Text);
    }

    [Test]
    public async Task A_filtered_sorted_page_and_its_count_use_the_declared_composite_index()
    {
        var (page, count, _) = await Records.ExplainAsync(_deal, WonOver50k, _someId, User());

        var plan = string.Join("\n", page);
        Assert.That(plan, Does.Contain("cx_"), plan);
        AssertOrderedByIndexWithoutScans(plan);
        var counting = string.Join("\n", count);
        Assert.That(counting, Does.Contain("cx_").And.Not.Contain("Seq Scan"), counting);
    }

    [Test]
    public async Task A_count_per_stage_uses_the_select_fields_index_over_live_records()
    {
        var (_, count, _) = await Records.ExplainAsync(_deal, new QueryRequest { Filter = Condition.Of("stage", "eq", "won") }, _someId, User());

        var plan = string.Join("\n", count);
        Assert.That(plan, Does.Contain($"{_deal.Table}__{_deal.Field("stage")!.Stored.Column}"), "an index that starts with the stage: " + plan);
        Assert.That(plan, Does.Not.Contain("Seq Scan"), plan);
        if (Database.Dialect is SqliteDialect) Assert.That(plan, Does.Contain("COVERING INDEX"), "answered from the index alone: " + plan);
    }

    [Test]
    public async Task A_page_of_the_newest_and_a_get_by_id_use_the_primary_key()
    {
        var (page, _, get) = await Records.ExplainAsync(_deal, new QueryRequest { Sort = [new SortKey("createdAt", Descending: true)] }, _someId, User());

        var getting = string.Join("\n", get);
        Assert.That(getting, Does.Contain("PRIMARY KEY").Or.Contain("pkey"), getting);
        AssertOrderedByIndexWithoutScans(getting);
        AssertOrderedByIndexWithoutScans(string.Join("\n", page));
    }

    [Test]
    public async Task The_dispatcher_finds_and_claims_waiting_events_through_the_index_of_those_alone()
    {
        await using var connection = await Database.OpenAsync();
        var last = await connection.ExecuteScalarAsync<long>("SELECT MAX(id) FROM pf_outbox");
        // Statistics gathered while every event waited (after a bulk load), then all but the last dispatched: SQLite keeps
        // counting the index as the whole table until the next ANALYZE, and had the dispatcher walk the table instead.
        await connection.ExecuteAsync("UPDATE pf_outbox SET dispatched_at = NULL");
        await connection.ExecuteAsync(Database.Dialect is PostgresDialect ? "ANALYZE pf_outbox" : "ANALYZE", commandType: System.Data.CommandType.Text);
        await connection.ExecuteAsync("UPDATE pf_outbox SET dispatched_at = at WHERE id < @last", new { last });
        if (Database.Dialect is PostgresDialect) await connection.ExecuteAsync("ANALYZE pf_outbox", commandType: System.Data.CommandType.Text);

        foreach (var sql in new[] { Platform.Engine.Workflows.Runs.WorkflowDispatcher.FirstWaitingSql(Database.Dialect),
                     Platform.Engine.Workflows.Runs.WorkflowDispatcher.ClaimSql(Database.Dialect, 100) })
        {
            var plan = string.Join("\n", await QueryPlans.ReadAsync(connection, Database.Dialect, sql, new SqlArgs()));
            Assert.That(plan, Does.Contain("ix_pf_outbox_undispatched").And.Not.Contain("Seq Scan"), plan);
        }
    }

    /// <summary>
    /// A quick search's pages in id order: SQLite walks its search index in the index's own order and reads each match's
    /// row by its key, stopping at the page's end, instead of gathering every match (a fifth of the table for a common
    /// word) and sorting them; PostgreSQL chooses between its GIN index and both keys in id order by its statistics,
    /// never reading a table whole.
    /// </summary>
    [Test]
    public async Task A_quick_searchs_page_walks_the_search_index_without_sorting_its_matches()
    {
        foreach (var request in new[] { new QueryRequest { Search = "Deal 1" }, new QueryRequest { Search = "Deal 1", Filter = Condition.Of("stage", "eq", "won") } })
        {
            var (page, _, _) = await Records.ExplainAsync(_deal, request, _someId, User());

            var plan = string.Join("\n", page);
            if (Database.Dialect is SqliteDialect)
            {
                Assert.That(plan, Does.Match(@"SCAN q VIRTUAL TABLE INDEX \d+:M"), plan);
                Assert.That(plan, Does.Contain("SEARCH t USING INTEGER PRIMARY KEY").And.Not.Contain("TEMP B-TREE FOR ORDER BY").And.Not.Contain("LIST SUBQUERY"), plan);
            }
            else
            {
                Assert.That(plan, Does.Not.Contain("Seq Scan"), plan);
            }
        }
    }

    /// <summary>
    /// A salesperson who reads their own records and the public pool: each alternative is read in order from the index
    /// that starts with the owner, never the whole table; only the page's few rows are sorted.
    /// </summary>
    [Test]
    public async Task A_page_within_own_and_pool_reads_each_from_the_owner_index()
    {
        var form = await PublishAsync(await NewAppAsync(), """
            { "key": "lead", "fields": [ { "key": "name", "type": "text" }, { "key": "amount", "type": "money" } ],
              "indexes": [ { "fields": ["owner", "amount"] } ] }
            """);
        var owners = new List<long?>();
        for (var i = 0; i < 20; i++) owners.Add(await TestUsers.AddAsync(Database, $"{Guid.NewGuid():N}@example.com"));
        var random = new Random(3);
        for (var batch = 0; batch < 4; batch++)
            await Records.CreateManyAsync(form, Enumerable.Range(0, 1000).Select(i => Json.From(new
            {
                name = $"Lead {i}",
                amount = random.Next(0, 100_000),
                owner = i % 20 == 0 ? null : owners[random.Next(owners.Count)],
            })).ToList(), User());
        await using (var connection = await Database.OpenAsync())
            await connection.ExecuteAsync(Database.Dialect is PostgresDialect ? "VACUUM ANALYZE" : "ANALYZE", commandType: System.Data.CommandType.Text);
        var salesperson = User(owners[0]!.Value) with
        {
            Access = new GivenAccess(new OrFilter([Condition.Of("owner", "eq", "me"), Condition.Of("owner", "isEmpty")])),
        };

        var (page, _, _) = await Records.ExplainAsync(form, new QueryRequest { Sort = [new SortKey("amount", Descending: true)] }, 1, salesperson);

        // Each alternative is an index search in the page's order, with no sort of its own; the database may then sort
        // the alternatives' few ids to merge them, and the page's rows to order it.
        var plan = string.Join("\n", page);
        if (Database.Dialect is SqliteDialect)
        {
            Assert.That(Regex.Matches(plan, @"SEARCH t USING (COVERING )?INDEX cx_\S+ \(owner=\?\)\n(?!USE TEMP B-TREE)"), Has.Count.EqualTo(2), plan);
            Assert.That(plan, Does.Not.Match(@"SCAN t\b(?! USING)"), "no table read whole: " + plan);
        }
        else
        {
            Assert.That(Regex.Matches(plan, @"Subquery Scan on b\d\s*\n\s*->\s*Limit\s*\n\s*->\s*Index (Only )?Scan[^\n]* using cx_"), Has.Count.EqualTo(2), plan);
        }
    }

    /// <summary>
    /// No sort for the page's order and no table read whole, the link table of a multi-valued field included (its values
    /// come in each record's row, found by the record's id). Putting one record's few values in order is no page sort.
    /// </summary>
    private void AssertOrderedByIndexWithoutScans(string plan)
    {
        Assert.That(plan, Does.Not.Contain("TEMP B-TREE FOR ORDER BY").And.Not.Contain("PART OF ORDER BY").And.Not.Contain("TERM OF ORDER BY")
            .And.Not.Contain("Sort Key").And.Not.Contain("Seq Scan"), "the index gives the order and finds the rows: " + plan);
        var links = _deal.Field("tags")!.Stored.Table!;
        Assert.That(plan, Does.Contain(links), "the record's tags come in its row: " + plan);
        Assert.That(plan, Does.Not.Match($@"SCAN {links}\b(?! USING)"), "the tags are found by the record's id: " + plan);
    }

    [Test]
    public async Task Declared_indexes_show_in_the_dry_run_and_are_dropped_when_no_longer_declared()
    {
        var app = await NewAppAsync();
        await PublishAsync(app, Deal);
        var without = FormJson.Parse(Deal) with { Indexes = [] };
        var swapped = FormJson.Parse(Deal) with { Indexes = [new FormIndex { Fields = ["owner", "updatedAt"] }] };

        var dryRun = await Forms.PublishAsync(app, swapped, dryRun: true);
        await Forms.PublishAsync(app, without);

        Assert.That(dryRun.Plan.Changes.Select(c => (c.Field, c.Action)),
            Is.EquivalentTo(new[] { ("stage, amount", "removeIndex"), ("owner, updatedAt", "addIndex") }));
        var model = await Forms.GetModelAsync(app, "deal");
        Assert.That(await IndexesOfAsync(model.Table), Has.None.StartsWith("cx_"));
        await Forms.PublishAsync(app, swapped);
        Assert.That(await IndexesOfAsync(model.Table), Has.One.StartsWith("cx_"));
    }

    [TestCase("""[ { "fields": [] } ]""", "indexes[0]", "index.size")]
    [TestCase("""[ { "fields": ["name", "stage", "amount", "owner", "createdAt"] } ]""", "indexes[0]", "index.size")]
    [TestCase("""[ { "fields": ["stage", "nope"] } ]""", "indexes[0]", "index.unknownField")]
    [TestCase("""[ { "fields": ["tags"] } ]""", "indexes[0]", "index.fieldType")]
    [TestCase("""[ { "fields": ["lines"] } ]""", "indexes[0]", "index.fieldType")]
    [TestCase("""[ { "fields": ["stage", "stage"] } ]""", "indexes[0]", "index.repeatedField")]
    [TestCase("""[ { "fields": ["stage"] }, { "fields": ["stage"] } ]""", "indexes[1]", "index.duplicate")]
    public async Task A_bad_index_is_refused_naming_it_and_nothing_is_published(string indexes, string field, string code)
    {
        var app = await NewAppAsync();
        var json = Deal.Replace("""[ { "fields": ["stage", "amount"] } ]""", indexes, StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Forms.PublishAsync(app, FormJson.Parse(json)));

        Assert.That(error!.Errors.Select(e => (e.Field, e.Code)), Does.Contain((field, code)));
        Assert.That(error.Errors.Single(e => e.Code == code).Message("zh-CN"), Does.Not.Contain(code), "a message in Chinese, not the code");
        await Assert.ThrowsAsync<NotFoundException>(() => Forms.GetModelAsync(app, "deal"));
    }

    private async Task<IReadOnlyList<string>> IndexesOfAsync(string table)
    {
        await using var connection = await Database.OpenAsync();
        var sql = Database.Dialect is PostgresDialect
            ? "SELECT indexname FROM pg_indexes WHERE tablename = @table"
            : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = @table";
        return (await connection.QueryAsync<string>(sql, new { table })).ToList();
    }
}
