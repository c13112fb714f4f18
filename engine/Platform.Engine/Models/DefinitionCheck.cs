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
        CheckTagRules(form, errors);
        if (form.Churn is { } churn) CheckChurn(form, churn, errors);
        foreach (var rollup in form.Fields.OfType<RollupField>()) CheckRollup(form, rollup, relatedForm(rollup.From), errors);
        foreach (var (value, name) in new[] { (form.Pool?.ClaimsPerDay, "claimsPerDay"), (form.Pool?.MaxHeld, "maxHeld"), (form.Pool?.ProtectDays, "protectDays") })
            if (value is < 0 or > 100_000) errors.Add(new($"pool.{name}", "number.max", 100_000));
        if (form.Layout is { } layout) CheckLayout(form, layout, errors);
        return errors;
    }

    /// <summary>Sections of rows of one to four fields, each a share of 24 that together fill at most the row; a field placed once.</summary>
    private static void CheckLayout(FormDefinition form, FormLayout layout, List<ValidationError> errors)
    {
        var placed = new HashSet<string>(StringComparer.Ordinal);
        for (var s = 0; s < layout.Sections.Count; s++)
        {
            var section = layout.Sections[s];
            CheckText(section.Title, $"layout.sections[{s}].title", errors, 200);
            for (var r = 0; r < section.Rows.Count; r++)
            {
                var row = section.Rows[r];
                var path = $"layout.sections[{s}].rows[{r}]";
                if (row.Columns.Count is < 1 or > LayoutRow.MaxColumns) errors.Add(new(path, "layout.columns", LayoutRow.MaxColumns));
                else if (row.Columns.Sum(c => c.Width) > FormLayout.Parts) errors.Add(new(path, "layout.rowWidth", FormLayout.Parts));
                for (var c = 0; c < row.Columns.Count; c++)
                {
                    var column = row.Columns[c];
                    var at = $"{path}.columns[{c}]";
                    if (form.FindField(column.Field) is null) errors.Add(new(at + ".field", "layout.unknownField", column.Field));
                    else if (!placed.Add(column.Field)) errors.Add(new(at + ".field", "layout.placedTwice", column.Field));
                    if (column.Width is < 1 or > FormLayout.Parts) errors.Add(new(at + ".width", "layout.width", FormLayout.Parts));
                }
            }
        }
    }

    /// <summary>
    /// A rollup reads a form of the app through a single relation of it that points at this form; what it sums is a number,
    /// what it takes the least, greatest or latest of holds values of its type; its conditions and its date are that form's.
    /// </summary>
    private static void CheckRollup(FormDefinition form, RollupField rollup, FormDefinition? from, List<ValidationError> errors)
    {
        var place = rollup.Key;
        if (from is null)
        {
            errors.Add(new($"{place}.from", "relation.targetMissing", rollup.From));
            return;
        }
        if (from.FindField(rollup.Via) is not RelationField { Multiple: false } via || via.Form != form.Key)
            errors.Add(new($"{place}.via", "rollup.via", rollup.Via, rollup.From, form.Key));
        if (rollup.Aggregate is not RollupAggregate.Count && rollup.Field is { } read)
        {
            if (from.FindField(read) is not { } field || FieldStorages.For(field).Kind != StorageKind.Column) errors.Add(new($"{place}.field", "rollup.field", read, rollup.From));
            else if (Formulas.FieldFormulaTypes.For(field) != Formulas.FieldFormulaTypes.Of(rollup.Result))
                errors.Add(new($"{place}.field", "rollup.fieldType", read, rollup.Result.ToString().ToLowerInvariant()));
        }
        foreach (var (key, value) in rollup.Where)
        {
            if (from.FindField(key) is not { } field || FieldStorages.For(field) is not { Kind: StorageKind.Column, Spec.Type: not ColumnType.Json })
                errors.Add(new($"{place}.where.{key}", "rollup.field", key, rollup.From));
            else field.Accept(FieldCodecs.Instance).Read(value, $"{place}.where.{key}", errors);
        }
        if (rollup.DateField is { } date && date is not (SystemFields.CreatedAt or SystemFields.UpdatedAt)
            && from.FindField(date) is not (DateField or DateTimeField))
            errors.Add(new($"{place}.dateField", "workflow.notDateField", date));
    }

    /// <summary>
    /// A churn warning keeps its score in a number field and its level in a select field whose options are its levels, in
    /// rising order; its factors have keys of their own and weights from 0 to 100; its audiences are the owner, the
    /// owner's manager or user fields.
    /// </summary>
    private static void CheckChurn(FormDefinition form, ChurnRules churn, List<ValidationError> errors)
    {
        if (form.FindField(churn.ScoreField) is not NumberField) errors.Add(new("churn.scoreField", "churn.scoreField", churn.ScoreField));
        var level = form.FindField(churn.LevelField) as SelectField;
        if (level is null) errors.Add(new("churn.levelField", "churn.levelField", churn.LevelField));
        if (churn.Factors.Count == 0) errors.Add(new("churn.factors", "required"));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < churn.Factors.Count; i++)
        {
            if (!FormKeys.IsValid(churn.Factors[i].Key) || !keys.Add(churn.Factors[i].Key)) errors.Add(new($"churn.factors[{i}].key", "key.invalid"));
            if (churn.Factors[i].Weight is < 0 or > 100) errors.Add(new($"churn.factors[{i}].weight", "churn.weight"));
        }
        if (churn.Levels.Count == 0) errors.Add(new("churn.levels", "required"));
        for (var i = 0; i < churn.Levels.Count; i++)
        {
            var grade = churn.Levels[i];
            if (level is not null && level.Options.All(o => o.Key != grade.Level)) errors.Add(new($"churn.levels[{i}].level", "option.unknown", grade.Level));
            if (i > 0 && grade.From <= churn.Levels[i - 1].From) errors.Add(new($"churn.levels[{i}].from", "churn.levelOrder"));
            foreach (var audience in grade.Notify.Where(a => a is not ("owner" or "manager") && form.FindField(a) is not UserField))
                errors.Add(new($"churn.levels[{i}].notify", "workflow.notUserField", audience));
        }
        if (churn.SnoozeDays is < 1 or > 365) errors.Add(new("churn.snoozeDays", "churn.snoozeDays"));
    }

    /// <summary>Each tag rule has its own key and sets an option of a multi-select field of the form; two rules never own one tag.</summary>
    private static void CheckTagRules(FormDefinition form, List<ValidationError> errors)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var owned = new HashSet<(string, string)>();
        for (var i = 0; i < form.TagRules.Count; i++)
        {
            var rule = form.TagRules[i];
            var place = $"tagRules[{i}]";
            if (!FormKeys.IsValid(rule.Key)) errors.Add(new($"{place}.key", "key.invalid"));
            else if (!keys.Add(rule.Key)) errors.Add(new($"{place}.key", "tagRule.duplicate", rule.Key));
            CheckText(rule.Name, $"{place}.name", errors);
            if (form.FindField(rule.Field) is not MultiSelectField field) errors.Add(new($"{place}.field", "tagRule.notTagField", rule.Field));
            else if (field.Options.All(o => o.Key != rule.Tag)) errors.Add(new($"{place}.tag", "option.unknown", rule.Tag));
            else if (!owned.Add((rule.Field, rule.Tag))) errors.Add(new($"{place}.tag", "tagRule.tagTaken", rule.Tag));
        }
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
            CheckText(field.Placeholder, path + ".placeholder", errors, 200);
            if (field.DefaultFormula is not null && field.DefaultValue is not null) errors.Add(new(path + ".defaultFormula", "field.defaultTwice"));
            if (field.DefaultFormula is not null && (inSubform || Formulas.FieldFormulaTypes.For(field) is Formulas.FormulaType.List || field is FormulaField or RollupField or AutoNumberField))
                errors.Add(new(path + ".defaultFormula", "field.defaultFormula"));
            // A subform's columns are shown in every row alike: a condition belongs to the subform field itself.
            if (inSubform && field.VisibleWhen is not null) errors.Add(new(path + ".visibleWhen", "field.visibleInSubform"));
            foreach (var (setting, problem) in field.Accept(FieldSettingsCheck.Instance))
                errors.Add(new(path, "field.setting", setting, problem));

            if (field is RelationField relation && FormKeys.IsValid(relation.Form) && !formExists(relation.Form))
                errors.Add(new(path, "relation.targetMissing", relation.Form));
            if (inSubform && (FieldStorages.For(field).Kind != StorageKind.Column || field.Unique || field.Duplicates is not null))
                errors.Add(new(path, "field.notInSubform", field.Unique ? "unique" : field.Duplicates is not null ? "duplicates" : field.TypeName));
            if (field.Duplicates is not null && field is not (TextField or PhoneField or EmailField))
                errors.Add(new(path, "field.setting", "duplicates", "only a text, phone or email field is checked for duplicates"));
            else if (field.Duplicates is not (null or DuplicateModes.Warn or DuplicateModes.Refuse))
                errors.Add(new(path, "field.setting", "duplicates", "warn or refuse"));
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
