namespace Platform.Engine.Formulas;

/// <summary>How a formula reaches a value: the field itself, one column of a subform, or a field of related records.</summary>
public enum FormulaInputKind
{
    Field,
    SubformColumn,
    Lookup,
}

/// <summary>
/// One value a formula reads, by stable keys: <c>amount</c>, <c>items.price</c>, <c>customer.industry</c>,
/// or any of these as they were before the update (<see cref="Previous"/>, written <c>prev.amount</c>).
/// </summary>
public sealed record FormulaInput(FormulaInputKind Kind, string Field, string? Part = null, bool Previous = false)
{
    public override string ToString() => (Previous ? "prev." : "") + Field + (Part is null ? "" : "." + Part);
}
