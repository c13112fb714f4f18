using Platform.Engine.Forms;
using Platform.Engine.Scripting;
using Platform.Engine.Validation;

namespace Platform.Engine.Records;

/// <summary>Defaults, required fields, formulas and rules, applied to the values of one record before it is written.</summary>
internal sealed class WriteChecks(ScriptSandbox sandbox)
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

    /// <summary>Recomputes every formula, in definition order, so a formula can use the ones before it.</summary>
    public void Compute(FormModel model, Dictionary<string, object?> values, ScriptContext context, string prefix, List<ValidationError> errors)
    {
        foreach (var (field, expression) in model.Formulas)
        {
            try
            {
                var result = sandbox.EvaluateToJson(expression, context, Arguments(model, values));
                var problems = new List<ValidationError>();
                var value = field.Codec.Read(result, prefix + field.Key, problems, lenient: true);
                if (problems.Count > 0)
                    errors.Add(new(prefix + field.Key, "formula.result", ((Forms.Fields.FormulaField)field.Definition).ResultType.ToString().ToLowerInvariant()));
                values[field.Key] = value;
            }
            catch (ScriptException e)
            {
                errors.Add(e.ToError(prefix + field.Key));
                values[field.Key] = null;
            }
        }
    }

    public void CheckRules(FormModel model, Dictionary<string, object?> values, ScriptContext context, string prefix, List<ValidationError> errors)
    {
        foreach (var (rule, expression) in model.Rules)
        {
            var targets = rule.Fields.Count > 0 ? rule.Fields.Select(f => prefix + f) : [prefix + ValidationError.FormLevel];
            try
            {
                if (sandbox.EvaluateToBoolean(expression, context, Arguments(model, values))) continue;
                errors.AddRange(targets.Select(t => new ValidationError(t, "rule.failed") { Text = rule.Message }));
            }
            catch (ScriptException e)
            {
                errors.AddRange(targets.Select(e.ToError));
            }
        }
    }

    private static object?[] Arguments(FormModel model, Dictionary<string, object?> values)
    {
        var args = new object?[model.ScriptParameters.Count];
        for (var i = 0; i < args.Length; i++) args[i] = values.GetValueOrDefault(model.ScriptParameters[i]);
        return args;
    }

}
