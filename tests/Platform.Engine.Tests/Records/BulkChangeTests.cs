using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records;

/// <summary>
/// Bulk edit and delete from a list: several records through the one pipeline in one transaction, all or none; every
/// refusal named by its record's place in the batch.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class BulkChangeTests(TestDatabase target) : EngineFixture(target)
{
    private const string Deal = """
        { "key": "deal", "fields": [
            { "key": "name", "type": "text", "required": true },
            { "key": "amount", "type": "money", "min": 0 },
            { "key": "stage", "type": "select", "options": [ { "key": "lead" }, { "key": "won" } ], "defaultValue": "lead" } ],
          "rules": [ { "expression": "stage != 'won' || amount > 0", "message": { "en": "A won deal needs an amount", "zh-CN": "成交需要金额" }, "fields": ["amount"] } ] }
        """;

    private async Task<(Platform.Engine.Models.FormModel Form, List<RecordData> Deals)> DealsAsync(long owner = 1)
    {
        var form = await PublishAsync(await NewAppAsync(), Deal);
        var deals = new List<RecordData>();
        foreach (var (name, amount) in new[] { ("Acme", 100m), ("Globex", 0m), ("Initech", 50m) })
            deals.Add(await Records.CreateAsync(form, Json.From(new { name, amount }), User(owner)));
        return (form, deals);
    }

    private static RecordPatch Set(RecordData record, string json) => new(record.Id, Json.Of(json), record.Version);

    private async Task<List<RecordData>> ReadAsync(Platform.Engine.Models.FormModel form, IEnumerable<RecordData> deals)
    {
        var read = new List<RecordData>();
        foreach (var deal in deals) read.Add(await Records.GetAsync(form, deal.Id, User()));
        return read;
    }

    [Test]
    public async Task A_bulk_edit_changes_every_record_or_none_and_names_the_one_refused()
    {
        var (form, deals) = await DealsAsync();

        // Globex has no amount: a won deal needs one. The rule refuses it, and Acme and Initech stay as they were.
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Records.UpdateManyAsync(form, deals.Select(d => Set(d, """{ "stage": "won" }""")).ToList(), User()));
        Assert.That(refused!.Errors.Select(e => (e.Field, e.Message("en"))), Is.EqualTo(new[] { ("[1].amount", "A won deal needs an amount") }));
        Assert.That((await ReadAsync(form, deals)).Select(d => (d.Values["stage"], d.Version)), Is.All.EqualTo(("lead", 1L)));

        var won = await Records.UpdateManyAsync(form, [Set(deals[0], """{ "stage": "won" }"""), Set(deals[2], """{ "stage": "won", "amount": 60 }""")], User());
        Assert.That(won.Select(d => (d.Values["stage"], d.Version)), Is.EqualTo(new[] { ((object?)"won", 2L), ("won", 2L) }));
        Assert.That((await Records.HistoryAsync(form, deals[2].Id, User())).Last().Changes.Select(c => c.Field), Is.EquivalentTo(new[] { "stage", "amount" }));

        // Someone changed Acme meanwhile: the batch is refused whole.
        await Assert.ThrowsAsync<ConflictException>(() =>
            Records.UpdateManyAsync(form, [Set(deals[1], """{ "amount": 5 }"""), Set(deals[0], """{ "amount": 5 }""")], User()));
        Assert.That((await Records.GetAsync(form, deals[1].Id, User())).Values["amount"], Is.EqualTo(0m));
    }

    [Test]
    public async Task A_bulk_batch_names_each_record_once_and_stays_within_the_callers_rights()
    {
        var (form, deals) = await DealsAsync(owner: 7);
        var twice = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Records.UpdateManyAsync(form, [Set(deals[0], """{ "amount": 1 }"""), Set(deals[0], """{ "amount": 2 }""")], User()));
        Assert.That(twice!.Errors.Single().Field, Is.EqualTo("[1].id"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Records.DeleteManyAsync(form, [], User()));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Records.DeleteManyAsync(form, Enumerable.Range(1, Records.Options.MaxBatchSize + 1).Select(i => (long)i).ToList(), User()));

        // Someone who sees only their own records cannot reach the others' through a batch: not found, nothing changed.
        var ownOnly = User(8) with { Access = new GivenAccess(Condition.Of("owner", "eq", "me")) };
        var mine = await Records.CreateAsync(form, Json.Of("""{ "name": "Mine" }"""), ownOnly);
        await Assert.ThrowsAsync<NotFoundException>(() => Records.DeleteManyAsync(form, [mine.Id, deals[0].Id], ownOnly));
        Assert.That((await Records.GetAsync(form, mine.Id, ownOnly)).Id, Is.EqualTo(mine.Id), "the caller's own record was not deleted either");
        var readOnly = User(8) with { Access = new GivenAccess { Actions = new HashSet<RecordAction> { RecordAction.Read } } };
        await Assert.ThrowsAsync<ForbiddenException>(() => Records.UpdateManyAsync(form, [Set(deals[0], """{ "amount": 1 }""")], readOnly));
    }

    [Test]
    public async Task A_bulk_delete_moves_every_record_to_the_recycle_bin_or_none()
    {
        var (form, deals) = await DealsAsync();
        await Assert.ThrowsAsync<NotFoundException>(() => Records.DeleteManyAsync(form, [deals[0].Id, deals[1].Id + 1000], User()));
        Assert.That((await Records.QueryAsync(form, new QueryRequest { Count = true }, User())).Total, Is.EqualTo(3));

        var deleted = await Records.DeleteManyAsync(form, [deals[0].Id, deals[2].Id], User());
        Assert.That(deleted.Select(d => d.Id), Is.EqualTo(new[] { deals[0].Id, deals[2].Id }));
        var left = await Records.QueryAsync(form, new QueryRequest { Count = true }, User());
        Assert.That(left.Items.Select(d => d.Values["name"]), Is.EqualTo(new[] { "Globex" }));
        await Records.RestoreAsync(form, deals[0].Id, User());
    }
}
