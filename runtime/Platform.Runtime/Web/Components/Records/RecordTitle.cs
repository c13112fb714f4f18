using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Users;

namespace Platform.Runtime.Web.Components.Records;

/// <summary>A record in words, as every page shows it: its title, and its fields' cells (references by name, in the user's language and zone).</summary>
public static class RecordTitle
{
    /// <summary>What a record is called: its first searchable text, else its number.</summary>
    public static string Of(FormModel model, RecordData record, PageNames names, SignedIn signedIn) =>
        model.SearchFields.FirstOrDefault() is { } title && record.Values.GetValueOrDefault(title.Key) is { } value
            ? names.Text(title.Definition, value, signedIn.Text.CultureInfo, signedIn.Caller.TimeZone)
            : "#" + record.Id;

    /// <summary>The record's cells for <paramref name="columns"/>.</summary>
    public static string[] Cells(IReadOnlyList<BoundField> columns, RecordData record, PageNames names, SignedIn signedIn) =>
        [.. columns.Select(c => names.Text(c.Definition, record.Values.GetValueOrDefault(c.Key), signedIn.Text.CultureInfo, signedIn.Caller.TimeZone))];
}
