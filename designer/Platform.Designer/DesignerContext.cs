using Platform.Engine.Apps;
using Platform.Engine.Formulas;

namespace Platform.Designer;

/// <summary>
/// What every panel of a designer may need, cascaded once: the designer's words in the user's language, the app's other
/// forms (for relations and rollups) and the formula check against the definition being designed.
/// </summary>
public sealed class DesignerContext(DesignerText text, string app, IReadOnlyList<FormInfo> forms, Func<string, FormulaType?, Task<FormulaCheck>> check)
{
    public DesignerText Text { get; } = text;

    public string App { get; } = app;

    public IReadOnlyList<FormInfo> Forms { get; } = forms;

    /// <summary>Checks a formula as the API's <c>POST /api/expressions/check</c> does, against the draft on the canvas.</summary>
    public Task<FormulaCheck> CheckAsync(string expression, FormulaType? expected) => check(expression, expected);
}
