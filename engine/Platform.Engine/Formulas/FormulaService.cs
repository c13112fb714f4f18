using Jint;
using Jint.Native;
using Platform.Engine.Scripting;
using Platform.Engine.Validation;

namespace Platform.Engine.Formulas;

/// <summary>
/// The one expression service: compiles formulas and rules against a form, checks them for the
/// designer, and evaluates them in the sandbox for forms, workflows and reports alike.
/// </summary>
public sealed class FormulaService(ScriptSandbox sandbox)
{
    public ScriptSandbox Sandbox => sandbox;

    /// <summary>
    /// Compiles a formula; <paramref name="expected"/> is the type the result is stored as, or null to keep
    /// whatever it gives. Throws <see cref="ScriptException"/> naming the line and column of the problem.
    /// </summary>
    public CompiledFormula Compile(string source, FormulaScope scope, FormulaType? expected = null)
    {
        var (function, inputs, type, withKeys, withLabels) = FormulaCompiler.Compile(source, scope, expected);
        var expression = sandbox.CompileGenerated(function, inputs.Select((_, i) => "a" + i).ToList(), source);
        return new CompiledFormula(source, withKeys, withLabels, inputs, expected ?? type, expression);
    }

    /// <summary>What the designer shows while a formula is typed: its problems, the fields it reads and its type.</summary>
    public FormulaCheck Check(string source, FormulaScope scope, FormulaType? expected = null)
    {
        try
        {
            var compiled = Compile(source, scope, expected);
            return new FormulaCheck([], compiled.Inputs.Select(i => i.ToString()).ToList(), compiled.Type) { WithKeys = compiled.WithKeys, WithLabels = compiled.WithLabels };
        }
        catch (ScriptException e)
        {
            return new FormulaCheck([FormulaProblem.From(e)], [], null);
        }
    }

    public FormulaResult Evaluate(CompiledFormula formula, ScriptContext context, IFormulaValues values)
    {
        var args = new object?[formula.Inputs.Count];
        for (var i = 0; i < args.Length; i++) args[i] = values.Get(formula.Inputs[i]);
        return sandbox.Run(formula.Expression, context, args, Read);
    }

    /// <summary>
    /// Whether a true/false formula holds for <paramref name="values"/>; null when it cannot be judged (an error value, a
    /// script that failed or ran out of time), which each caller reads its own way (a tag stays as it was, a field is shown).
    /// </summary>
    public bool? Holds(CompiledFormula formula, ScriptContext context, IFormulaValues values)
    {
        try
        {
            var result = Evaluate(formula, context, values);
            return result.IsError ? null : result.Value is true;
        }
        catch (ScriptException)
        {
            return null;
        }
    }

    // A number beyond what a decimal holds is #NUM!, as Excel says of numbers it cannot hold.
    private static FormulaResult Read(JsValue value) =>
        ScriptValues.ErrorCode(value) is { } error ? new FormulaResult(null, error)
        : value is JsNumber n && !(Math.Abs(n.AsNumber()) < ScriptValues.MaxNumber) ? new FormulaResult(null, "#NUM!")
        : new FormulaResult(ScriptValues.ToClr(value), null);
}

/// <summary>The outcome of checking a formula: problems with positions, the values it reads (<c>amount</c>, <c>items.price</c>) and its type.</summary>
public sealed record FormulaCheck(IReadOnlyList<FormulaProblem> Errors, IReadOnlyList<string> Reads, FormulaType? Type)
{
    /// <summary>The formula as it will be stored, with field keys.</summary>
    public string? WithKeys { get; init; }

    /// <summary>The formula as the designer shows it, with labels.</summary>
    public string? WithLabels { get; init; }

    public bool IsValid => Errors.Count == 0;
}

/// <summary>One problem in a formula, at a line and column counted from 1.</summary>
public sealed record FormulaProblem(string Code, int Line, int Column, ValidationError Error)
{
    public static FormulaProblem From(ScriptException e) =>
        e.Args is [int line, int column, ..] ? new(e.Code, line, column, e.ToError("")) : new(e.Code, 1, 1, e.ToError(""));
}
