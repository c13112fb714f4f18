using Platform.Engine.Forms.Fields;
using Platform.Engine.Formulas;
using Platform.Engine.Models;
using Platform.Engine.Storage;

namespace Platform.Engine.Records;

/// <summary>
/// Reads the fields of related records that a record's formulas look up, inside the write's
/// transaction and within the caller's row scope of the related form: a lookup never shows a caller
/// a record they could not open.
/// </summary>
internal static class LookupReader
{
    public static async Task<IReadOnlyDictionary<FormulaInput, object?>?> ReadAsync(RecordStore store, UnitOfWork work, FormModel model,
        IReadOnlyDictionary<string, object?> values, CallerContext caller, CancellationToken ct)
    {
        if (model.Lookups.Count == 0 || model.Links is null) return null;
        var result = new Dictionary<FormulaInput, object?>();
        foreach (var group in model.Lookups.GroupBy(l => l.Field))
        {
            if (model.Field(group.Key)?.Definition is not RelationField relation) continue;
            var target = await model.Links.ModelAsync(relation.Form, ct);
            var records = new List<RecordData>();
            foreach (var id in ReferenceChecks.Ids(values.GetValueOrDefault(group.Key)))
                if (await store.LoadAsync(work.Commands, target, id, caller, deleted: false, ct) is { } record) records.Add(record);
            foreach (var input in group)
            {
                var looked = records.Select(r => r.Values.GetValueOrDefault(input.Part!)).ToList();
                result[input] = relation.Multiple ? looked : looked.FirstOrDefault();
            }
        }
        return result;
    }
}
