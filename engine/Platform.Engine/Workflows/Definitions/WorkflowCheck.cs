using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Formulas;
using Platform.Engine.Scripting;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Steps;

namespace Platform.Engine.Workflows.Definitions;

/// <summary>
/// What publishing (and enabling) a workflow checks against the app as it is: its form and fields, the types of its
/// trigger and steps, where each step leads (no step twice, none unknown, no circle, none out of reach), and every
/// formula. Each error names its place (<c>steps[2].values.stage</c>).
/// </summary>
public sealed class WorkflowCheck
{
    private readonly List<ValidationError> _errors = [];
    private readonly List<(string Place, string Url)> _urls = [];

    private WorkflowCheck(WorkflowDefinition workflow, IReadOnlyDictionary<string, FormDefinition> forms, IReadOnlySet<string> roles, FormulaService formulas)
    {
        Workflow = workflow;
        Forms = forms;
        Roles = roles;
        Formulas = formulas;
    }

    public WorkflowDefinition Workflow { get; }

    /// <summary>The published forms of the app, by key.</summary>
    public IReadOnlyDictionary<string, FormDefinition> Forms { get; }

    /// <summary>The role keys of the app.</summary>
    public IReadOnlySet<string> Roles { get; }

    public FormulaService Formulas { get; }

    /// <summary>The workflow's own form, when it exists.</summary>
    public FormDefinition? Form => Forms.GetValueOrDefault(Workflow.Form);

    /// <summary>Checks the workflow; the addresses it calls are checked by <paramref name="outbound"/> (resolving their names) when given.</summary>
    public static async Task<IReadOnlyList<ValidationError>> CheckAsync(WorkflowDefinition workflow, IReadOnlyDictionary<string, FormDefinition> forms,
        IReadOnlySet<string> roles, FormulaService formulas, Outbound.OutboundClient? outbound, CancellationToken ct = default)
    {
        var check = new WorkflowCheck(workflow, forms, roles, formulas);
        check.Run();
        foreach (var (place, url) in check._urls)
            if (outbound is not null && await outbound.RefusesAsync(url, ct) is { } refused) check._errors.Add(new(place, refused.Code, refused.Args));
        return check._errors;
    }

    /// <summary>An address the workflow calls, checked with the outbound client's rules after the rest.</summary>
    public void Url(string url, string place) => _urls.Add((place, url));

    public void Error(string place, string code, params object?[] args) => _errors.Add(new ValidationError(place, code, args));

    /// <summary>Compiles a formula over the workflow's form, adding its problem at <paramref name="place"/>.</summary>
    public void Formula(string? source, string place, FormulaType? expected = null, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            if (required) Error(place, "required");
            return;
        }
        if (Form is null) return;
        try
        {
            Formulas.Compile(source, WorkflowFormulas.Scope(Form), expected);
        }
        catch (ScriptException e)
        {
            _errors.Add(e.ToError(place));
        }
    }

    /// <summary>Checks that each key names a field of <paramref name="form"/> a write may set, and each value's formula.</summary>
    public void Values(FormDefinition? form, IReadOnlyDictionary<string, string> values, string place)
    {
        if (values.Count == 0) Error(place, "required");
        foreach (var (key, formula) in values)
        {
            var at = $"{place}.{key}";
            if (form is not null && key != SystemFields.Owner)
            {
                if (form.FindField(key) is not { } field) Error(at, "unknownField", key);
                else if (FieldTraits.Of(field).Generated) Error(at, "workflow.fieldNotWritable", key);
            }
            Formula(formula, at);
        }
    }

    /// <summary>
    /// Checks who something goes to (a notification, an approval): at least one, each naming exactly one of a user, a user
    /// field of the form, a role of the app, or the manager of a user field's user.
    /// </summary>
    public void Recipients(IReadOnlyList<Recipient> recipients, string place, string noneCode)
    {
        if (recipients.Count == 0) Error(place, noneCode);
        foreach (var (recipient, i) in recipients.Select((r, i) => (r, i)))
        {
            var at = $"{place}[{i}]";
            if ((recipient.User is null ? 0 : 1) + (recipient.Field is null ? 0 : 1) + (recipient.Role is null ? 0 : 1) + (recipient.ManagerOf is null ? 0 : 1) != 1)
                Error(at, "workflow.recipient");
            else if ((recipient.Field ?? recipient.ManagerOf) is { } key && Form is { } form && !SystemFields.UserIds.Contains(key)
                     && (form.FindField(key) is not { } field || FieldTraits.Of(field).References != ReferenceKind.Users))
                Error(recipient.Field is null ? $"{at}.managerOf" : $"{at}.field", "workflow.notUserField", key);
            else if (recipient.Role is { } role && !Roles.Contains(role)) Error($"{at}.role", "role.notFound", role);
        }
    }

    private void Run()
    {
        if (!FormKeys.IsValid(Workflow.Key)) Error("key", "key.invalid");
        if (Workflow.Name?.AllTexts.Any(t => t.Length > 200) == true) Error("name", "text.length", 200);
        if (Form is null) Error("form", "form.notFound", Workflow.Form);
        CheckTrigger();
        CheckSteps();
    }

    private void CheckTrigger()
    {
        var trigger = Workflow.Trigger;
        if (!WorkflowTypes.Triggers.Knows(trigger))
        {
            Error("trigger.type", "workflow.unknownTrigger", WorkflowTypes.Triggers.NameOf(trigger));
            return;
        }
        trigger.Check(this);
        Formula(trigger.Condition, "trigger.condition", FormulaType.Boolean, required: false);
    }

    private void CheckSteps()
    {
        var steps = Workflow.Steps;
        if (steps.Count == 0)
        {
            Error("steps", "workflow.noSteps");
            return;
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var place = $"steps[{i}]";
            if (!FormKeys.IsValid(step.Id) || step.Id == WorkflowStep.End) Error($"{place}.id", "workflow.stepId");
            else if (!ids.Add(step.Id)) Error($"{place}.id", "workflow.duplicateStep", step.Id);
            if (!WorkflowTypes.Steps.Knows(step))
            {
                Error($"{place}.type", "workflow.unknownStepType", WorkflowTypes.Steps.NameOf(step));
                continue;
            }
            foreach (var way in step.Ways.Append(step.Next).OfType<string>())
                if (way != WorkflowStep.End && steps.All(s => s.Id != way)) Error(place, "workflow.unknownStep", way);
            StepHandlers.For(step).Check(step, this, place);
        }
        if (_errors.Count == 0) CheckPaths();
    }

    /// <summary>Every step is reached from the first, and no way leads back to a step already on the path.</summary>
    private void CheckPaths()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        Visit(Workflow.Steps[0].Id);
        foreach (var (step, i) in Workflow.Steps.Select((s, i) => (s, i)))
            if (!state.ContainsKey(step.Id)) Error($"steps[{i}]", "workflow.unreachable", step.Id);

        void Visit(string id)
        {
            if (state.GetValueOrDefault(id) == 2) return;
            if (state.GetValueOrDefault(id) == 1)
            {
                Error("steps", "workflow.cycle", string.Join(" → ", path.Skip(path.IndexOf(id)).Append(id)));
                return;
            }
            state[id] = 1;
            path.Add(id);
            var step = Workflow.Step(id)!;
            foreach (var next in Workflow.Leads(step).OfType<string>().Distinct()) Visit(next);
            path.RemoveAt(path.Count - 1);
            state[id] = 2;
        }
    }
}
