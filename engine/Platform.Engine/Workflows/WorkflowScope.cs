using Platform.Engine.Forms;

namespace Platform.Engine.Workflows;

/// <summary>What a workflow's formulas over records of a form read: the form's fields and the record's id, owner and times.</summary>
public static class WorkflowScope
{
    /// <summary><paramref name="form"/> with the system fields a workflow's formula may name, as the fields they behave like.</summary>
    public static FormDefinition Readable(FormDefinition form) => form with { Fields = [.. form.Fields, .. WorkflowFormulas.SystemFieldsRead] };
}
