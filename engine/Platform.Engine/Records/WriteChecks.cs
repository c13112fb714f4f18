using Platform.Engine.Formulas;
using Platform.Engine.Models;
using Platform.Engine.Records.Pipeline;
using Platform.Engine.Scripting;
using Platform.Engine.Validation;
using Platform.Engine.Values;

namespace Platform.Engine.Records;

/// <summary>Defaults, required fields, formulas and rules, applied to the values of one record before it is written.</summary>
internal sealed class WriteChecks(FormulaService formulas)
{
    public FormulaService Formulas => formulas;

    /// <summary>
    /// A new record's defaults where nothing was given: constants first, then the computed ones in the form's order (each
    /// reads what was given and the constants). A computed default that fails leaves its field empty, as if it had none.
    /// </summary>
    public void ApplyDefaults(FormModel model, Dictionary<string, object?> values, ScriptContext context)
    {
        foreach (var field in model.Fields)
        {
            if (values.ContainsKey(field.Key) || field.Definition.DefaultValue is not { } json || !field.Codec.IsWritable) continue;
            values[field.Key] = field.Codec.Read(json, field.Key, []);
        }
        var inputs = new RecordFormulaValues(values, null, null);
        foreach (var (field, formula) in model.DefaultFormulas)
        {
            if (values.ContainsKey(field.Key)) continue;
            try
            {
                var result = formulas.Evaluate(formula, context, inputs);
                if (!result.IsError && field.Codec.TryFromScript(result.Value, context.TimeZone, out var value)) values[field.Key] = value;
            }
            catch (ScriptException)
            {
                // no default
            }
        }
    }

    public static void CheckRequired(FormModel model, Dictionary<string, object?> values, IEnumerable<string> keys, string prefix, List<ValidationError> errors)
    {
        foreach (var key in keys)
            if (model.Field(key) is { Definition.Required: true, Codec.IsWritable: true } field && field.Codec.IsEmpty(values.GetValueOrDefault(key)))
                errors.Add(new(prefix + key, "required"));
    }

    /// <summary>
    /// Recomputes every formula in dependency order. An Excel error value (#DIV/0! when a divisor is
    /// still empty) leaves the field blank, as a spreadsheet would show it. A formula that fails (out
    /// of time, a result of the wrong type) never refuses the record: its value is blank, or with
    /// <paramref name="keepStored"/> stays as stored, and a warning names it.
    /// </summary>
    public void Compute(FormModel model, Dictionary<string, object?> values, IReadOnlyDictionary<string, object?>? previous,
        IReadOnlyDictionary<FormulaInput, object?>? lookups, ScriptContext context, string prefix, List<WriteWarning> warnings, bool keepStored = false)
    {
        foreach (var (subform, columns) in model.RowFormulas)
        {
            if (values.GetValueOrDefault(subform.Key) is not List<SubformRow> rows) continue;
            // Rows are computed on copies, so a recompute compares them with the stored ones.
            var computed = rows.Select(r => { var copy = new SubformRow(); foreach (var (k, v) in r) copy[k] = v; return copy; }).ToList();
            for (var i = 0; i < computed.Count; i++)
            {
                var row = computed[i];
                var rowInputs = new RecordFormulaValues(new RowValues(row, values), previous, lookups);
                foreach (var (column, formula) in columns)
                    Evaluate(column, formula, rowInputs, row, context, $"{prefix}{subform.Key}[{i}].{column.Key}", warnings, keepStored);
            }
            values[subform.Key] = computed;
        }
        var inputs = new RecordFormulaValues(values, previous, lookups);
        foreach (var (field, formula) in model.Formulas)
            Evaluate(field, formula, inputs, values, context, prefix + field.Key, warnings, keepStored);
    }

    private void Evaluate(BoundField field, CompiledFormula formula, IFormulaValues inputs, IDictionary<string, object?> values, ScriptContext context,
        string path, List<WriteWarning> warnings, bool keepStored)
    {
        string failure;
        try
        {
            var result = formulas.Evaluate(formula, context, inputs);
            if (result.IsError) { values[field.Key] = null; return; }
            if (field.Codec.TryFromScript(result.Value, context.TimeZone, out var value)) { values[field.Key] = value; return; }
            failure = "formula.result";
        }
        catch (ScriptException e)
        {
            failure = e.ToError(field.Key).Code;
        }
        if (!keepStored) values[field.Key] = null;
        warnings.Add(new WriteWarning(path, failure));
    }

    /// <summary>A subform row's values over the record's: a row formula names its row's columns first.</summary>
    private sealed class RowValues(SubformRow row, IReadOnlyDictionary<string, object?> record) : IReadOnlyDictionary<string, object?>
    {
        public object? this[string key] => row.TryGetValue(key, out var value) ? value : record.GetValueOrDefault(key);

        public IEnumerable<string> Keys => row.Keys.Union(record.Keys);

        public IEnumerable<object?> Values => Keys.Select(k => this[k]);

        public int Count => Keys.Count();

        public bool ContainsKey(string key) => row.ContainsKey(key) || record.ContainsKey(key);

        public bool TryGetValue(string key, out object? value) =>
            row.TryGetValue(key, out value) || record.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Keys.Select(k => new KeyValuePair<string, object?>(k, this[k])).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The form's rules, except those about a field in <paramref name="failing"/> (it already has its own error).</summary>
    public void CheckRules(FormModel model, Dictionary<string, object?> values, IReadOnlyDictionary<string, object?>? previous,
        IReadOnlyDictionary<FormulaInput, object?>? lookups, ScriptContext context, string prefix, IReadOnlySet<string> failing, List<ValidationError> errors)
    {
        var inputs = new RecordFormulaValues(values, previous, lookups);
        foreach (var (rule, formula) in model.Rules)
        {
            if (rule.Fields.Any(f => failing.Contains(prefix + f))) continue;
            var targets = rule.Fields.Count > 0 ? rule.Fields.Select(f => prefix + f) : [prefix + ValidationError.FormLevel];
            try
            {
                var result = formulas.Evaluate(formula, context, inputs);
                if (result.IsError) errors.AddRange(targets.Select(t => new ValidationError(t, "rule.error", result.Error)));
                else if (result.Value is not true) errors.AddRange(targets.Select(t => new ValidationError(t, "rule.failed") { Text = rule.Message }));
            }
            catch (ScriptException e)
            {
                errors.AddRange(targets.Select(e.ToError));
            }
        }
    }
}
