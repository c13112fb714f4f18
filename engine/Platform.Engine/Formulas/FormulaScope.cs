using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Formulas;

/// <summary>
/// The fields a formula can name: those of its form, the columns of its subforms and, through
/// relation fields, the fields of related forms. A name is a key or a label in any language.
/// </summary>
public sealed class FormulaScope(FormDefinition form, Func<string, FormDefinition?>? relatedForm = null)
{
    public FormDefinition Form { get; } = form;

    public FormDefinition? Related(string formKey) => relatedForm?.Invoke(formKey);

    /// <summary>Keys win over labels, and an exact label over one that differs only in case.</summary>
    public static FieldDefinition? Find(IEnumerable<FieldDefinition> fields, string name)
    {
        var list = fields as IReadOnlyList<FieldDefinition> ?? fields.ToList();
        return list.FirstOrDefault(f => f.Key == name)
            ?? list.FirstOrDefault(f => f.Label?.AllTexts.Contains(name, StringComparer.Ordinal) == true)
            ?? list.FirstOrDefault(f => f.Label?.AllTexts.Contains(name, StringComparer.OrdinalIgnoreCase) == true);
    }
}
