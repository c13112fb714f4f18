using Platform.Engine.Records.Search;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Keeps quick search current in the record's own transaction: a created record, or one whose text changed,
/// gets its search document written with it. Deleted records keep theirs (every query leaves the bin out).
/// </summary>
internal sealed class IndexSearchStep(RecordStore store)
    : BuiltInStep("index-search", StepOrder.IndexSearch, WriteKind.Create | WriteKind.Update, needsValidInput: true)
{
    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var model = batch.Model;
        var dialect = store.Database.Dialect;
        if (!dialect.HasSearchIndex || model.SearchFields.Count == 0) return;
        var commands = batch.RequireWork().Commands;
        var sql = dialect.WriteSearchDocument(model.Table, @new: batch.Kind == WriteKind.Create);
        foreach (var item in batch.Items)
        {
            if (item.Result is null || item.Unchanged) continue;
            if (batch.Kind != WriteKind.Create && !item.Changes.Any(c => model.Field(c.Field)?.Traits.Searchable == true)) continue;
            await commands.QueueAsync(sql, [item.Result.Id, Document(dialect, model, item.Result)], ct);
        }
    }

    public static object Document(Storage.Dialects.SqlDialect dialect, Models.FormModel model, RecordData record) =>
        dialect.SearchDocument(SearchText.Document(model.SearchFields.Select(f => record.Get(f.Key) as string)));
}
