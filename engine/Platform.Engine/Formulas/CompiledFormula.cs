using Platform.Engine.Scripting;

namespace Platform.Engine.Formulas;

/// <summary>A formula parsed, checked against its form and prepared for the sandbox.</summary>
public sealed class CompiledFormula
{
    internal CompiledFormula(string source, IReadOnlyList<FormulaInput> inputs, FormulaType type, CompiledExpression expression)
    {
        Source = source;
        Inputs = inputs;
        Type = type;
        Expression = expression;
    }

    public string Source { get; }

    /// <summary>The values it reads, in the order the prepared function takes them.</summary>
    public IReadOnlyList<FormulaInput> Inputs { get; }

    public FormulaType Type { get; }

    internal CompiledExpression Expression { get; }
}
