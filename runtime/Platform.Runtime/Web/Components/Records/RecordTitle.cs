using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Users;

namespace Platform.Runtime.Web.Components.Records;

/// <summary>What a record is called on its page and in lists of it: its first searchable text, else its number.</summary>
public static class RecordTitle
{
    public static string Of(FormModel model, RecordData record, PageNames names, SignedIn signedIn) =>
        model.SearchFields.FirstOrDefault() is { } title && record.Values.GetValueOrDefault(title.Key) is { } value
            ? names.Text(title.Definition, value, signedIn.Text.CultureInfo, signedIn.Caller.TimeZone)
            : "#" + record.Id;
}
