using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Validation;
using Platform.Engine.Values;

namespace Platform.Engine.Models;

/// <summary>
/// Everything that must hold before a definition is published: keys, settings, known types,
/// related forms, default values, and every expression parsed with its position.
/// </summary>
public static class DefinitionCheck
{
    private const int MaxTextLength = 200;
    private const int MaxFields = 500;

    /// <param name="formulas">The form's expressions, compiled against it (<see cref="FormFormulas.Compile"/>).</param>
    /// <param name="relatedForm">The current definition of another form of the app, for relation targets.</param>
    public static IReadOnlyList<ValidationError> Check(FormDefinition form, FormFormulas formulas, Func<string, FormDefinition?> relatedForm)
    {
        var errors = new List<ValidationError>();
        if (!FormKeys.IsValid(form.Key)) errors.Add(new("key", "key.invalid"));
        CheckText(form.Name, "name", errors);
        if (form.Fields.Count > MaxFields) errors.Add(new("fields", "list.tooMany", MaxFields));

        CheckFields(form.Fields, "", errors, key => relatedForm(key) is not null, inSubform: false);

        errors.AddRange(formulas.Errors);
        for (var i = 0; i < form.Rules.Count; i++)
        {
            var rule = form.Rules[i];
            CheckText(rule.Message, $"rules[{i}].message", errors, 1000);
            foreach (var key in rule.Fields.Where(k => form.FindField(k) is null))
                errors.Add(new($"rules[{i}].fields", "unknownField", key));
        }
        CheckIndexes(form, errors);
        foreach (var field in form.Fields.OfType<SelectField>().Where(f => f.Stages is not null)) CheckStages(form, field, errors);
        foreach (var (value, name) in new[] { (form.Pool?.ClaimsPerDay, "claimsPerDay"), (form.Pool?.MaxHeld, "maxHeld"), (form.Pool?.ProtectDays, "protectDays") })
            if (value is < 0 or > 100_000) errors.Add(new($"pool.{name}", "number.max", 100_000));
        foreach (var column in form.Layout?.Sections.SelectMany(s => s.Rows).SelectMany(r => r.Columns) ?? [])
            if (form.FindField(column.Field) is null) errors.Add(new("layout", "layout.unknownField", column.Field));
        return errors;
    }

    /// <summary>A stage field's moves and entries name its own options, and its required fields are fields of the form.</summary>
    private static void CheckStages(FormDefinition form, SelectField field, List<ValidationError> errors)
    {
        var stages = field.Options.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var place = $"{field.Key}.stages";
        foreach (var (from, to) in field.Stages!.Moves)
            foreach (var stage in to.Prepend(from).Where(s => !stages.Contains(s)).Distinct())
                errors.Add(new($"{place}.moves.{from}", "option.unknown", stage));
        foreach (var (stage, entry) in field.Stages.Entry)
        {
            if (!stages.Contains(stage)) errors.Add(new($"{place}.entry.{stage}", "option.unknown", stage));
            foreach (var key in entry.Required.Where(k => form.FindField(k) is null))
                errors.Add(new($"{place}.entry.{stage}.required", "unknownField", key));
            CheckText(entry.Message, $"{place}.entry.{stage}.message", errors, 1000);
        }
    }

    private static void CheckIndexes(FormDefinition form, List<ValidationError> errors)
    {
        if (form.Indexes.Count > FormIndex.MaxPerForm) errors.Add(new("indexes", "list.tooMany", FormIndex.MaxPerForm));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < form.Indexes.Count; i++)
        {
            var path = $"indexes[{i}]";
            var fields = form.Indexes[i].Fields;
            if (fields.Count is 0 or > FormIndex.MaxFields) errors.Add(new(path, "index.size", FormIndex.MaxFields));
            foreach (var repeated in fields.GroupBy(f => f).Where(g => g.Count() > 1)) errors.Add(new(path, "index.repeatedField", repeated.Key));
            foreach (var key in fields.Distinct())
            {
                if (SystemColumns.Indexable.Contains(key)) continue;
                if (form.FindField(key) is not { } field) errors.Add(new(path, "index.unknownField", key));
                else if (field is UnknownField || FieldStorages.For(field) is not { Kind: StorageKind.Column, Spec.Type: not ColumnType.Json })
                    errors.Add(new(path, "index.fieldType", key, field.TypeName));
            }
            if (fields.Count > 0 && !seen.Add(string.Join(",", fields))) errors.Add(new(path, "index.duplicate"));
        }
    }

    private static void CheckFields(IReadOnlyList<FieldDefinition> fields, string prefix, List<ValidationError> errors, Func<string, bool> formExists, bool inSubform)
    {
        foreach (var duplicate in fields.GroupBy(f => f.Key).Where(g => g.Count() > 1))
            errors.Add(new(prefix + duplicate.Key, "key.duplicate", duplicate.Key));

        foreach (var field in fields)
        {
            var path = prefix + (FormKeys.IsValid(field.Key) ? field.Key : $"fields[{IndexOf(fields, field)}]");
            if (!FormKeys.IsValid(field.Key)) { errors.Add(new(path, "key.invalid")); continue; }
            if (FormKeys.Reserved.Contains(field.Key)) errors.Add(new(path, "key.reserved", field.Key));
            if (field is UnknownField unknown) { errors.Add(new(path, "field.unknownType", unknown.OriginalType)); continue; }

            CheckText(field.Label, path + ".label", errors);
            CheckText(field.HelpText, path + ".helpText", errors, 2000);
            foreach (var (setting, problem) in field.Accept(FieldSettingsCheck.Instance))
                errors.Add(new(path, "field.setting", setting, problem));

            if (field is RelationField relation && FormKeys.IsValid(relation.Form) && !formExists(relation.Form))
                errors.Add(new(path, "relation.targetMissing", relation.Form));
            if (inSubform && (FieldStorages.For(field).Kind != StorageKind.Column || field.Unique))
                errors.Add(new(path, "field.notInSubform", field.Unique ? "unique" : field.TypeName));
            if (field.Unique && FieldStorages.For(field) is not { Kind: StorageKind.Column, Spec.Type: not ColumnType.Json })
                errors.Add(new(path, "field.setting", "unique", "this field type cannot be unique"));
            if (field.DefaultValue is { } value && field.Accept(FieldCodecs.Instance) is { } codec)
            {
                var problems = new List<ValidationError>();
                codec.Read(value, path + ".defaultValue", problems);
                errors.AddRange(problems);
            }
            if (field is SubformField subform)
                CheckFields(subform.Fields, path + ".", errors, formExists, inSubform: true);
        }
    }

    private static int IndexOf(IReadOnlyList<FieldDefinition> fields, FieldDefinition field)
    {
        for (var i = 0; i < fields.Count; i++) if (ReferenceEquals(fields[i], field)) return i;
        return -1;
    }

    private static void CheckText(LocalizedText? text, string path, List<ValidationError> errors, int max = MaxTextLength)
    {
        if (text is null) return;
        if (text.AllTexts.Any(t => t.Length > max)) errors.Add(new(path, "text.length", max));
        if (text.ByCulture is { } map && map.Keys.Any(k => k.Length is 0 or > 16)) errors.Add(new(path, "field.setting", "culture", "a culture name such as en or zh-CN"));
    }

}
