using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Formulas;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Scripting;

namespace Platform.Engine.Workflows;

/// <summary>
/// The formulas of workflows (conditions, values, message texts), compiled once per form version and evaluated over a
/// record in the sandbox, like a form's own formulas. Besides the form's fields they read the record's id, owner and
/// times, which a workflow often needs (a task linked to its deal, a note to the owner).
/// </summary>
internal sealed class WorkflowFormulas(FormulaService formulas)
{
    /// <summary>The system fields a workflow's formula may name, as the fields they behave like.</summary>
    public static readonly IReadOnlyList<FieldDefinition> SystemFieldsRead =
    [
        new NumberField { Key = SystemFields.Id }, new UserField { Key = SystemFields.Owner }, new UserField { Key = SystemFields.CreatedBy },
        new DateTimeField { Key = SystemFields.CreatedAt }, new DateTimeField { Key = SystemFields.UpdatedAt },
    ];

    private readonly ConditionalWeakTable<FormModel, ConcurrentDictionary<string, CompiledFormula>> _compiled = new();

    /// <summary>What a workflow's formula over records of <paramref name="form"/> can name.</summary>
    public static FormulaScope Scope(FormDefinition form) => new(WorkflowScope.Readable(form));

    public FormulaResult Evaluate(FormModel model, string source, ScriptContext script, RecordData record)
    {
        var compiled = _compiled.GetValue(model, _ => new()).GetOrAdd(source, s => formulas.Compile(s, Scope(model.Definition)));
        var values = new Dictionary<string, object?>(record.Values, StringComparer.Ordinal);
        foreach (var field in SystemFieldsRead)
            values[field.Key] = record.Get(field.Key);
        return formulas.Evaluate(compiled, script, new RecordFormulaValues(values, null, null));
    }
}
