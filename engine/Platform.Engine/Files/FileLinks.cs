using System.Text.Json.Nodes;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Values;

namespace Platform.Engine.Files;

/// <summary>One file a record's values link: where (<c>files[1]</c>, <c>visits[0].photos[2]</c>), the name the record gives it, its address.</summary>
public readonly record struct FileLink(string Path, string Name, string Url);

/// <summary>
/// Every file a record's values link: those of its attachment fields and those of the attachment fields in its subforms'
/// rows. The one walk the file store's step (what a write adds) and a download (what a record links) both read.
/// </summary>
public static class FileLinks
{
    public static IEnumerable<FileLink> In(IEnumerable<FieldDefinition> fields, IReadOnlyDictionary<string, object?> values, string prefix = "")
    {
        foreach (var field in fields)
        {
            var value = values.GetValueOrDefault(field.Key);
            if (field is AttachmentField && value is JsonArray files)
            {
                for (var i = 0; i < files.Count; i++)
                    if (files[i] is JsonObject file && (string?)file["url"] is { } url)
                        yield return new($"{prefix}{field.Key}[{i}]", (string?)file["name"] ?? "", url);
            }
            else if (field is SubformField subform && value is IEnumerable<SubformRow> rows)
            {
                var r = 0;
                foreach (var row in rows)
                {
                    foreach (var link in In(subform.Fields, row, $"{prefix}{field.Key}[{r}]."))
                        yield return link;
                    r++;
                }
            }
        }
    }
}
