using Platform.Engine.Forms;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Validation;

namespace Platform.Engine.Sheets.Import;

/// <summary>
/// The checks of an import's settings against the form and the sheet's headings, all at once: each mapped heading is a
/// column of the sheet and each field one the caller may set, no field twice, something mapped; the mode and error
/// handling are known; upsert and update name a key field that a column fills and that can tell records apart (the record
/// id, or a single text value such as a name, email, phone or code).
/// </summary>
internal static class ImportCheck
{
    public static ImportSettings Settings(FormModel model, ImportSettings settings, IReadOnlyList<string> headings, CallerContext caller)
    {
        var errors = new List<ValidationError>();
        var settable = ColumnMapping.Settable(model, caller).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var mapping = settings.Mapping ?? new Dictionary<string, string?>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (heading, field) in mapping)
        {
            if (!headings.Contains(heading)) errors.Add(new($"mapping.{heading}", "import.noSuchColumn", heading));
            if (field is null) continue;
            if (field == SystemFields.Id ? settings.Key != SystemFields.Id : !settable.Contains(field))
                errors.Add(new($"mapping.{heading}", model.Field(field) is null && field != SystemFields.Id ? "unknownField" : "import.notSettable", field));
            else if (!used.Add(field)) errors.Add(new($"mapping.{heading}", "import.fieldTwice", field));
        }
        if (used.Count == 0) errors.Add(new("mapping", "import.nothingMapped"));
        if (!ImportModes.All.Contains(settings.Mode)) errors.Add(new("mode", "import.mode", settings.Mode));
        if (!ImportModes.OnErrors.Contains(settings.OnError)) errors.Add(new("onError", "import.onError", settings.OnError));
        if (settings.Mode is ImportModes.Upsert or ImportModes.Update)
        {
            if (settings.Key is not { } key) errors.Add(new("key", "required"));
            else if (key != SystemFields.Id && model.Field(key) is not { Traits.Searchable: true, Stored.Column: not null, Definition: not Forms.Fields.TextareaField })
                errors.Add(new("key", "import.keyType", key));
            else if (!used.Contains(key)) errors.Add(new("key", "import.keyNotMapped", key));
        }
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return settings with { Mapping = headings.ToDictionary(h => h, h => mapping.GetValueOrDefault(h), StringComparer.Ordinal) };
    }
}
