namespace Platform.Engine.Formulas;

/// <summary>Hands a formula the values it reads: a record being written, a workflow's record, a test's table.</summary>
public interface IFormulaValues
{
    object? Get(FormulaInput input);
}
