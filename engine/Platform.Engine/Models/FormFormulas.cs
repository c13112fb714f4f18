using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Formulas;
using Platform.Engine.Scripting;
using Platform.Engine.Validation;

namespace Platform.Engine.Models;

/// <summary>
/// Every expression of a form compiled together: formula fields in dependency order (a formula
/// runs after the formulas it reads), rules as true/false tests, and the problems found, each
/// named by field and position. A cycle between formulas is named in full.
/// </summary>
public sealed class FormFormulas
{
    private FormFormulas(FormDefinition definition, IReadOnlyList<(FormulaField, CompiledFormula)> formulas, IReadOnlyList<(FormRule, CompiledFormula)> rules,
        IReadOnlyList<(SubformField, IReadOnlyList<(FormulaField, CompiledFormula)>)> rowFormulas, IReadOnlyList<ValidationError> errors)
    {
        Definition = definition;
        Formulas = formulas;
        Rules = rules;
        RowFormulas = rowFormulas;
        Errors = errors;
    }

    /// <summary>
    /// Formula columns of subforms, per subform, in dependency order within a row: a line total <c>qty * price</c>
    /// on each row. They read their row's fields and the record's own; they run before the record's formulas,
    /// so a parent's <c>SUM(items.total)</c> sees them.
    /// </summary>
    public IReadOnlyList<(SubformField Subform, IReadOnlyList<(FormulaField Field, CompiledFormula Formula)> Formulas)> RowFormulas { get; }

    /// <summary>The definition these were compiled from.</summary>
    public FormDefinition Definition { get; }

    public IReadOnlyList<(FormulaField Field, CompiledFormula Formula)> Formulas { get; }

    public IReadOnlyList<(FormRule Rule, CompiledFormula Formula)> Rules { get; }

    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary>The factors of the form's churn warning, compiled.</summary>
    public IReadOnlyList<(ChurnFactor Factor, CompiledFormula Formula)> ChurnFactors { get; private init; } = [];

    /// <summary>The conditions of the form's tag rules.</summary>
    public IReadOnlyList<(TagRule Rule, CompiledFormula Formula)> TagConditions { get; private init; } = [];

    /// <summary>The computed defaults of fields (<see cref="FieldDefinition.DefaultFormula"/>), each of its field's type.</summary>
    public IReadOnlyList<(FieldDefinition Field, CompiledFormula Formula)> DefaultFormulas { get; private init; } = [];

    /// <summary>The conditions on which fields are shown (<see cref="FieldDefinition.VisibleWhen"/>).</summary>
    public IReadOnlyList<(FieldDefinition Field, CompiledFormula Formula)> VisibilityConditions { get; private init; } = [];

    /// <summary>The entry conditions of stage fields, by field and stage.</summary>
    public IReadOnlyList<(SelectField Field, string Stage, CompiledFormula Formula)> StageConditions { get; private init; } = [];

    /// <summary>The related-record values the formulas read, by relation field and target field.</summary>
    public IEnumerable<FormulaInput> Lookups =>
        Formulas.Select(f => f.Formula).Concat(Rules.Select(r => r.Formula)).SelectMany(f => f.Inputs).Where(i => i.Kind == FormulaInputKind.Lookup).Distinct();

    public static FormFormulas Compile(FormDefinition form, FormulaService service, Func<string, FormDefinition?>? relatedForm = null)
    {
        var scope = new FormulaScope(form, relatedForm);
        var errors = new List<ValidationError>();
        var formulas = new List<(FormulaField, CompiledFormula)>();
        foreach (var field in form.Fields.OfType<FormulaField>())
        {
            if (TryCompile(service, field.Expression, scope, FieldFormulaTypes.Of(field.Result), field.Key, errors) is { } compiled)
                formulas.Add((field, compiled));
        }
        var rules = new List<(FormRule, CompiledFormula)>();
        for (var i = 0; i < form.Rules.Count; i++)
        {
            if (TryCompile(service, form.Rules[i].Expression, scope, FormulaType.Boolean, $"rules[{i}]", errors) is { } compiled)
                rules.Add((form.Rules[i], compiled));
        }
        var rowFormulas = new List<(SubformField, IReadOnlyList<(FormulaField, CompiledFormula)>)>();
        foreach (var subform in form.Fields.OfType<SubformField>())
        {
            var rowScope = new FormulaScope(RowForm(form, subform), relatedForm);
            var columns = new List<(FormulaField, CompiledFormula)>();
            foreach (var column in subform.Fields.OfType<FormulaField>())
                if (TryCompile(service, column.Expression, rowScope, FieldFormulaTypes.Of(column.Result), $"{subform.Key}.{column.Key}", errors) is { } compiled)
                    columns.Add((column, compiled));
            if (columns.Count > 0) rowFormulas.Add((subform, InDependencyOrder(columns, errors)));
        }
        var stageConditions = new List<(SelectField, string, CompiledFormula)>();
        foreach (var field in form.Fields.OfType<SelectField>())
            foreach (var (stage, entry) in field.Stages?.Entry ?? [])
                if (entry.Condition is { Length: > 0 } condition
                    && TryCompile(service, condition, scope, FormulaType.Boolean, $"{field.Key}.stages.entry.{stage}.condition", errors) is { } compiled)
                    stageConditions.Add((field, stage, compiled));
        var tagConditions = new List<(TagRule, CompiledFormula)>();
        for (var i = 0; i < form.TagRules.Count; i++)
            if (TryCompile(service, form.TagRules[i].When, scope, FormulaType.Boolean, $"tagRules[{i}].when", errors) is { } compiled)
                tagConditions.Add((form.TagRules[i], compiled));
        var visibility = new List<(FieldDefinition, CompiledFormula)>();
        foreach (var field in form.Fields.Where(f => f.VisibleWhen is { Length: > 0 }))
            if (TryCompile(service, field.VisibleWhen!, scope, FormulaType.Boolean, $"{field.Key}.visibleWhen", errors) is { } compiled)
                visibility.Add((field, compiled));
        var defaults = new List<(FieldDefinition, CompiledFormula)>();
        foreach (var field in form.Fields.Where(f => f.DefaultFormula is { Length: > 0 } && FieldFormulaTypes.For(f) is not (FormulaType.List or FormulaType.Any)))
            if (TryCompile(service, field.DefaultFormula!, scope, FieldFormulaTypes.For(field), $"{field.Key}.defaultFormula", errors) is { } compiled)
                defaults.Add((field, compiled));
        var churnFactors = new List<(ChurnFactor, CompiledFormula)>();
        for (var i = 0; i < (form.Churn?.Factors.Count ?? 0); i++)
            if (TryCompile(service, form.Churn!.Factors[i].Value, scope, FormulaType.Number, $"churn.factors[{i}].value", errors) is { } compiled)
                churnFactors.Add((form.Churn.Factors[i], compiled));
        return new FormFormulas(form, InDependencyOrder(formulas, errors), rules, rowFormulas, errors)
        {
            StageConditions = stageConditions, TagConditions = tagConditions, ChurnFactors = churnFactors, VisibilityConditions = visibility,
            DefaultFormulas = defaults,
        };
    }

    /// <summary>What a formula on a subform row can name: the row's columns first, then the record's own plain fields.</summary>
    public static FormDefinition RowForm(FormDefinition form, SubformField subform)
    {
        var columns = subform.Fields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        return form with { Fields = [.. subform.Fields, .. form.Fields.Where(f => f is not SubformField && !columns.Contains(f.Key))] };
    }

    /// <summary>
    /// Gives every formula field written without a result type the type its formula gives (a date, a
    /// text...), so <c>{名称} &amp; "-" &amp; {城市}</c> publishes as text. Formulas reading such formulas are
    /// settled in turn; a formula whose type cannot be known stores text.
    /// </summary>
    public static FormDefinition InferResultTypes(FormDefinition form, FormulaService service, Func<string, FormDefinition?>? relatedForm = null)
    {
        var untyped = form.Fields.OfType<FormulaField>().Where(f => f.ResultType is null).Select(f => f.Key).ToHashSet();
        for (var round = 0; round <= untyped.Count && untyped.Count > 0; round++)
        {
            var current = form;
            var scope = new FormulaScope(current, key => key == current.Key ? current : relatedForm?.Invoke(key));
            var changed = false;
            var fields = form.Fields.Select(f =>
            {
                if (f is not FormulaField formula || !untyped.Contains(f.Key)) return f;
                FormulaType type;
                try { type = service.Compile(formula.Expression, scope).Type; }
                catch (ScriptException) { return f; } // reported by the compile that follows
                var result = type switch
                {
                    FormulaType.Number => FormulaResultType.Number,
                    FormulaType.Boolean => FormulaResultType.Boolean,
                    FormulaType.Date => FormulaResultType.Date,
                    FormulaType.DateTime => FormulaResultType.DateTime,
                    _ => FormulaResultType.Text,
                };
                if (formula.ResultType == result) return f;
                changed = true;
                return formula with { ResultType = result };
            }).ToList();
            form = form with { Fields = [.. fields] };
            if (!changed) break;
        }
        return form;
    }

    /// <summary>
    /// The form as it is stored: every expression names fields by key (<c>{金额} * 2</c> becomes
    /// <c>amount * 2</c>), so renaming a label never breaks a formula.
    /// </summary>
    public FormDefinition WithKeys(FormDefinition form)
    {
        var fields = form.Fields.Select(f => f is FormulaField formula && Formulas.FirstOrDefault(c => ReferenceEquals(c.Field, formula)).Formula is { } compiled
            ? formula with { Expression = compiled.WithKeys }
            : f);
        fields = fields.Select(f => f is SubformField subform && RowFormulas.FirstOrDefault(r => ReferenceEquals(r.Subform, subform)).Formulas is { } columns
            ? subform with
            {
                Fields = [.. subform.Fields.Select(c => c is FormulaField formula && columns.FirstOrDefault(x => ReferenceEquals(x.Field, formula)).Formula is { } compiled
                    ? formula with { Expression = compiled.WithKeys }
                    : c)],
            }
            : f).ToList();
        var rules = form.Rules.Select(r => Rules.FirstOrDefault(c => ReferenceEquals(c.Rule, r)).Formula is { } compiled ? r with { Expression = compiled.WithKeys } : r);
        return form with { Fields = [.. fields], Rules = [.. rules] };
    }

    private static CompiledFormula? TryCompile(FormulaService service, string source, FormulaScope scope, FormulaType expected, string path, List<ValidationError> errors)
    {
        try
        {
            return service.Compile(source, scope, expected);
        }
        catch (ScriptException e)
        {
            errors.Add(e.ToError(path));
            return null;
        }
    }

    private static List<(FormulaField, CompiledFormula)> InDependencyOrder(List<(FormulaField Field, CompiledFormula Formula)> formulas, List<ValidationError> errors)
    {
        var byKey = formulas.ToDictionary(f => f.Field.Key);
        var reads = formulas.ToDictionary(f => f.Field.Key, f => f.Formula.Inputs
            .Where(i => i is { Kind: FormulaInputKind.Field, Previous: false } && byKey.ContainsKey(i.Field) && i.Field != f.Field.Key)
            .Select(i => i.Field).Distinct().ToList());
        foreach (var (field, formula) in formulas)
            if (formula.Inputs.Any(i => i is { Kind: FormulaInputKind.Field, Previous: false } && i.Field == field.Key))
                errors.Add(new(field.Key, "formula.cycle", $"{field.Key} → {field.Key}"));

        var ordered = new List<(FormulaField, CompiledFormula)>();
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        foreach (var (field, _) in formulas) Visit(field.Key);
        return ordered;

        // Depth first: a formula is placed after everything it reads; meeting one on the current path is a cycle.
        void Visit(string key)
        {
            if (state.GetValueOrDefault(key) == 2) return;
            if (state.GetValueOrDefault(key) == 1)
            {
                var cycle = path.Skip(path.IndexOf(key)).Append(key);
                errors.Add(new(key, "formula.cycle", string.Join(" → ", cycle)));
                return;
            }
            state[key] = 1;
            path.Add(key);
            foreach (var read in reads[key]) Visit(read);
            path.RemoveAt(path.Count - 1);
            state[key] = 2;
            ordered.Add(byKey[key]);
        }
    }
}
