using Microsoft.AspNetCore.Components;
using Platform.Engine.Forms.Fields;

namespace Platform.Designer.Workflows.Settings;

/// <summary>
/// A panel of one kind of trigger or step: draws <see cref="Part"/> and hands back a changed copy. It knows the workflow's
/// form (its fields and stage fields) through the cascaded fields, as the formula box does.
/// </summary>
public abstract class PartSettings<TBase, TPart> : ComponentBase where TPart : TBase
{
    [CascadingParameter] public DesignerContext Context { get; set; } = default!;

    [CascadingParameter(Name = "DesignFields")] public IReadOnlyList<FieldDefinition> Fields { get; set; } = [];

    [Parameter, EditorRequired] public TPart Part { get; set; } = default!;

    [Parameter] public EventCallback<TBase> Changed { get; set; }

    protected DesignerText Text => Context.Text;

    protected Task Change(TPart changed) => Changed.InvokeAsync(changed);

    /// <summary>The form's select fields that are stage fields, for the triggers and steps about stages.</summary>
    protected IEnumerable<SelectField> StageFields => Fields.OfType<SelectField>().Where(f => f.Stages is not null);

    protected string Label(FieldDefinition field) => field.Label?.Resolve(Text.CultureInfo) ?? field.Key;

    protected string Label(SelectOption option) => option.Label?.Resolve(Text.CultureInfo) ?? option.Key;
}

/// <summary>A trigger's panel.</summary>
public abstract class TriggerSettings<TTrigger> : PartSettings<Engine.Workflows.Definitions.WorkflowTrigger, TTrigger>
    where TTrigger : Engine.Workflows.Definitions.WorkflowTrigger;

/// <summary>A step's panel.</summary>
public abstract class StepSettings<TStep> : PartSettings<Engine.Workflows.Definitions.WorkflowStep, TStep>
    where TStep : Engine.Workflows.Definitions.WorkflowStep;
