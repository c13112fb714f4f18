using Platform.Engine.Forms;
using Platform.Engine.Formulas;
using Platform.Engine.Scripting;
using Platform.Engine.Validation;

namespace Platform.Engine.Records;

/// <summary>Defaults, required fields, formulas and rules, applied to the values of one record before it is written.</summary>
internal sealed class WriteChecks(FormulaService formulas)
{
    public static void ApplyDefaults(FormModel model, Dictionary<string, object?> values)
    {
        foreach (var field in model.Fields)
        {
            if (values.ContainsKey(field.Key) || field.Definition.DefaultValue is not { } json || !field.Codec.IsWritable) continue;
            values[field.Key] = field.Codec.Read(json, field.Key, []);
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
    /// still empty) leaves the field blank rather than refusing the record, as a spreadsheet would show it.
    /// </summary>
    public void Compute(FormModel model, Dictionary<string, object?> values, IReadOnlyDictionary<string, object?>? previous,
        IReadOnlyDictionary<FormulaInput, object?>? lookups, ScriptContext context, string prefix, List<ValidationError> errors)
    {
        var inputs = new RecordFormulaValues(values, previous, lookups);
        foreach (var (field, formula) in model.Formulas)
        {
            try
            {
                Store(field, formulas.Evaluate(formula, context, inputs), values, context, prefix, errors);
            }
            catch (ScriptException e)
            {
                errors.Add(e.ToError(prefix + field.Key));
                values[field.Key] = null;
            }
        }
    }

    private static void Store(BoundField field, FormulaResult result, Dictionary<string, object?> values, ScriptContext context, string prefix,
        List<ValidationError> errors)
    {
        if (result.IsError) { values[field.Key] = null; return; }
        if (!field.Codec.TryFromScript(result.Value, context.TimeZone, out var value))
            errors.Add(new(prefix + field.Key, "formula.result", ((Forms.Fields.FormulaField)field.Definition).ResultType.ToString().ToLowerInvariant()));
        values[field.Key] = value;
    }

    /// <summary>Formulas, then the rules that may read them.</summary>
    public void ComputeAndCheck(FormModel model, Dictionary<string, object?> values, IReadOnlyDictionary<string, object?>? previous,
        IReadOnlyDictionary<FormulaInput, object?>? lookups, ScriptContext context, string prefix, List<ValidationError> errors)
    {
        Compute(model, values, previous, lookups, context, prefix, errors);
        CheckRules(model, values, previous, lookups, context, prefix, errors);
    }

    private void CheckRules(FormModel model, Dictionary<string, object?> values, IReadOnlyDictionary<string, object?>? previous,
        IReadOnlyDictionary<FormulaInput, object?>? lookups, ScriptContext context, string prefix, List<ValidationError> errors)
    {
        var inputs = new RecordFormulaValues(values, previous, lookups);
        foreach (var (rule, formula) in model.Rules)
        {
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
