namespace Platform.Engine.Formulas;

/// <summary>
/// What a formula gave: a value (decimal, string, bool, a wall-clock DateTime, a list, or null) or an
/// Excel error value such as <c>#DIV/0!</c>.
/// </summary>
public readonly record struct FormulaResult(object? Value, string? Error)
{
    public bool IsError => Error is not null;
}
