using Microsoft.AspNetCore.Components;
using Platform.Engine.Forms.Fields;

namespace Platform.Designer.Forms.Settings;

/// <summary>A settings panel of one field type: draws <see cref="Field"/> and hands back a changed copy.</summary>
public abstract class FieldSettings<TField> : ComponentBase where TField : FieldDefinition
{
    [CascadingParameter] public DesignerContext Context { get; set; } = default!;

    [Parameter, EditorRequired] public TField Field { get; set; } = default!;

    [Parameter] public EventCallback<FieldDefinition> Changed { get; set; }

    protected DesignerText Text => Context.Text;

    protected Task Change(TField changed) => Changed.InvokeAsync(changed);
}
