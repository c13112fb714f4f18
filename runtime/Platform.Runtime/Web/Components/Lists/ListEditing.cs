using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Runtime.Web.Components.Fields;

namespace Platform.Runtime.Web.Components.Lists;

/// <summary>What a list lets its user change in place: the fields they may edit whose input fits a cell (a value the engine computes, or files, do not).</summary>
public static class ListEditing
{
    public static bool CanEdit(FormModel model, BoundField field, CallerContext caller) =>
        caller.Can(model, RecordAction.Update) && caller.Fields(model).CanEdit(field.Key) && FieldInputs.For(field.Definition) is var input &&
        input != typeof(ShownValue) && input != typeof(AttachmentInput) && field.Definition is not SubformField;
}
