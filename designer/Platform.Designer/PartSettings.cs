using Microsoft.AspNetCore.Components;
using Platform.Engine.Forms.Fields;

namespace Platform.Designer;

/// <summary>
/// A panel of one kind of a designed thing (a trigger, a step, a report): draws <see cref="Part"/> and hands back a changed
/// copy. It knows the form the thing is about (its fields and stage fields) through the cascaded fields, as the formula box does.
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

