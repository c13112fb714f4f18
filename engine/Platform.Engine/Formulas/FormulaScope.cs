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
    public static FieldDefinition? Find(IEnumerable<FieldDefinition> fields, string name) => Find(fields, name, out _);

    /// <summary>As <see cref="Find(IEnumerable{FieldDefinition}, string)"/>; <paramref name="ambiguous"/> when two fields share the label.</summary>
    public static FieldDefinition? Find(IEnumerable<FieldDefinition> fields, string name, out bool ambiguous)
    {
        var list = fields as IReadOnlyList<FieldDefinition> ?? fields.ToList();
        ambiguous = false;
        if (list.FirstOrDefault(f => f.Key == name) is { } byKey) return byKey;
        foreach (var comparer in new[] { StringComparer.Ordinal, StringComparer.OrdinalIgnoreCase })
        {
            var matches = list.Where(f => f.Label?.AllTexts.Contains(name, comparer) == true).Take(2).ToList();
            ambiguous = matches.Count > 1;
            if (matches.Count > 0) return matches[0];
        }
        return null;
    }
}
