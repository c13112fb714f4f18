using Platform.Engine.Apps;
using Platform.Engine.Formulas;

namespace Platform.Designer;

/// <summary>
/// What every panel of a designer may need, cascaded once: the designer's words in the user's language, the app's other
/// forms (for relations and rollups), the form being designed, and the formula check against the definition being designed
/// (none in designers without formulas).
/// </summary>
public sealed class DesignerContext(DesignerText text, string app, IReadOnlyList<FormInfo> forms, Func<string, FormulaType?, Task<FormulaCheck>>? check = null)
{
    public DesignerText Text { get; } = text;

    public string App { get; } = app;

    public IReadOnlyList<FormInfo> Forms { get; } = forms;

    /// <summary>The form the form designer is designing; none in the other designers.</summary>
    public string? Form { get; init; }

    /// <summary>Checks a formula as the API's <c>POST /api/expressions/check</c> does, against the draft on the canvas.</summary>
    public Task<FormulaCheck> CheckAsync(string expression, FormulaType? expected) =>
        check is null ? throw new InvalidOperationException("This designer has no formulas.") : check(expression, expected);
}
