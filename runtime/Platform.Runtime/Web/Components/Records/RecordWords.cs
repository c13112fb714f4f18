using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Users;

namespace Platform.Runtime.Web.Components.Records;

/// <summary>
/// Records in words, as every page shows them: the columns a list shows, a record's title, and its cells (references by
/// name, in the user's language and zone).
/// </summary>
public static class RecordWords
{
    /// <summary>The first <paramref name="count"/> fields the user may read that fit in a cell (a subform's rows do not), but <paramref name="except"/>.</summary>
    public static List<BoundField> Columns(FormModel model, SignedIn signedIn, int count, string? except = null)
    {
        var view = signedIn.Caller.Fields(model);
        return model.Fields.Where(f => f.Key != except && view.CanRead(f.Key) && f.Stored.Kind != Platform.Engine.Storage.Forms.StorageKind.Child).Take(count).ToList();
    }

    /// <summary>What a record is called: its first searchable text, else its number.</summary>
    public static string Title(FormModel model, RecordData record, PageNames names, SignedIn signedIn) =>
        model.SearchFields.FirstOrDefault() is { } title && record.Values.GetValueOrDefault(title.Key) is { } value
            ? names.Text(title.Definition, value, signedIn.Text.CultureInfo, signedIn.Caller.TimeZone)
            : "#" + record.Id;

    /// <summary>The record's cells for <paramref name="columns"/>.</summary>
    public static string[] Cells(IReadOnlyList<BoundField> columns, RecordData record, PageNames names, SignedIn signedIn) =>
        [.. columns.Select(c => names.Text(c.Definition, record.Values.GetValueOrDefault(c.Key), signedIn.Text.CultureInfo, signedIn.Caller.TimeZone))];
}
