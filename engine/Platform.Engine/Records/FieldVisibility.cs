using Platform.Engine.Formulas;
using Platform.Engine.Models;
using Platform.Engine.Scripting;

namespace Platform.Engine.Records;

/// <summary>
/// Which fields a record's values hide: those whose <c>visibleWhen</c> does not hold. A condition that cannot be judged
/// (an error, a script out of time) shows its field: a person is never kept from a field by a broken rule. Read by the
/// required check, and by the record form as a person types.
/// </summary>
public static class FieldVisibility
{
    public static IReadOnlySet<string> Hidden(FormModel model, FormulaService formulas, ScriptContext context, IFormulaValues values)
    {
        if (model.VisibilityConditions.Count == 0) return EmptySet;
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (field, condition) in model.VisibilityConditions)
            if (formulas.Holds(condition, context, values) == false) hidden.Add(field.Key);
        return hidden;
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();
}
