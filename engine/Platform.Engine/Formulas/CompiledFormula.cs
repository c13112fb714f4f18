using Platform.Engine.Scripting;

namespace Platform.Engine.Formulas;

/// <summary>A formula parsed, checked against its form and prepared for the sandbox.</summary>
public sealed class CompiledFormula
{
    internal CompiledFormula(string source, string withKeys, string withLabels, IReadOnlyList<FormulaInput> inputs, FormulaType type, CompiledExpression expression)
    {
        Source = source;
        WithKeys = withKeys;
        WithLabels = withLabels;
        Inputs = inputs;
        Type = type;
        Expression = expression;
    }

    public string Source { get; }

    /// <summary>The formula with every field named by its key, as it is stored: renaming a label never breaks it.</summary>
    public string WithKeys { get; }

    /// <summary>The formula with every field named by its label in braces, as the designer shows it.</summary>
    public string WithLabels { get; }

    /// <summary>The values it reads, in the order the prepared function takes them.</summary>
    public IReadOnlyList<FormulaInput> Inputs { get; }

    public FormulaType Type { get; }

    internal CompiledExpression Expression { get; }
}
