using Platform.Engine.Forms;
using Platform.Engine.Models;
using Platform.Engine.Storage.Forms;

namespace Platform.Engine.Records.Query;

/// <summary>
/// Whether an index serves a sort: without one, the database reads and sorts every record of the form for each page, which
/// a large form feels. The list asks before it sorts, and offers an admin the index that would serve it.
/// </summary>
public static class SortIndexes
{
    /// <summary>Whether sorting <paramref name="model"/>'s records by <paramref name="key"/> (a field or a system property) is served by an index.</summary>
    public static bool Serves(FormModel model, string key)
    {
        if (SystemColumns.ByProperty.TryGetValue(key, out var system))
            return system.Name == "id" || SystemColumns.IndexedColumns.Contains(system.Name) || StartsAnIndex(model, system.Name);
        // A field indexed by its type (selects, people, relations) or kept unique is served; a column no index starts with is not.
        return model.Field(key)?.Stored is { Kind: StorageKind.Column, Column: { } column } stored && (stored.Indexed || stored.Unique || StartsAnIndex(model, column));
    }

    private static bool StartsAnIndex(FormModel model, string column) => model.Storage.Indexes.Any(i => i.Columns.FirstOrDefault() == column);

    /// <summary>The form's definition with an index for sorting by <paramref name="key"/> added: what "add an index" publishes.</summary>
    public static FormDefinition WithIndex(FormDefinition form, string key) =>
        form with { Indexes = form.Indexes.Add(new FormIndex { Fields = [key] }) };
}
