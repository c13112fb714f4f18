using Platform.Engine.Scripting;
using Platform.Engine.Validation;

namespace Platform.Engine.Formulas.Syntax;

/// <summary>Errors in a formula, placed at a line and column, worded in each caller's language.</summary>
internal static class FormulaErrors
{
    public static ScriptException Syntax(string source, int offset, string code, params object?[] args) =>
        At("script.syntax", source, offset, code, args);

    public static ScriptException Invalid(string source, int offset, string code, params object?[] args) =>
        At("formula.invalid", source, offset, code, args);

    private static ScriptException At(string kind, string source, int offset, string code, object?[] args)
    {
        var position = SourcePosition.At(source, offset);
        return new ScriptException(kind, position.Line, position.Column, new ValidationError("", code, args));
    }
}
