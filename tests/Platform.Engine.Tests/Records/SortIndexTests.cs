using Platform.Engine.Records.Query;
using Platform.Engine.Tests.Reports;

namespace Platform.Engine.Tests.Records;

/// <summary>Which sorts an index serves (what the list warns about on a large form), and the index "add an index" publishes.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class SortIndexTests(TestDatabase target) : ReportFixture(target)
{
    [Test]
    public async Task A_sort_is_served_by_a_typed_index_a_system_one_or_one_the_form_declares()
    {
        Assert.That(new[] { "stage", "createdAt", "updatedAt", "owner", "id" }.Where(k => !SortIndexes.Serves(Customers, k)), Is.Empty,
            "selects are indexed by their type, and the record's own times and owner always");
        Assert.That(new[] { "amount", "name", "signedOn", "createdBy", "tags", "ghost" }.Where(k => SortIndexes.Serves(Customers, k)), Is.Empty);

        await Forms.PublishAsync(App, SortIndexes.WithIndex(Customers.Definition, "amount"));
        var indexed = await Forms.GetModelAsync(App, "customer");

        Assert.That(SortIndexes.Serves(indexed, "amount"), Is.True);
        Assert.That(SortIndexes.Serves(indexed, "name"), Is.False);
        Assert.That(indexed.Definition.Indexes.Select(i => string.Join(",", i.Fields)), Does.Contain("amount"));
    }
}
