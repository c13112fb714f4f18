using Platform.Engine.Formulas;
using Platform.Engine.Values;

namespace Platform.Engine.Records;

/// <summary>
/// The values a formula reads from a record being written: its fields, the columns of its subforms,
/// its values before the update (<c>prev</c>) and the fields of its related records (lookups).
/// </summary>
internal sealed class RecordFormulaValues(
    IReadOnlyDictionary<string, object?> values,
    IReadOnlyDictionary<string, object?>? previous,
    IReadOnlyDictionary<FormulaInput, object?>? lookups) : IFormulaValues
{
    public object? Get(FormulaInput input)
    {
        if (input.Kind == FormulaInputKind.Lookup)
            return input.Previous ? null : lookups?.GetValueOrDefault(input);
        var source = input.Previous ? previous : values;
        var value = source?.GetValueOrDefault(input.Field);
        return input.Kind == FormulaInputKind.SubformColumn && value is IEnumerable<SubformRow> rows
            ? rows.Select(r => r.GetValueOrDefault(input.Part!)).ToList()
            : value;
    }
}
