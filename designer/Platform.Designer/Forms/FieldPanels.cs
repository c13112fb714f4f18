using Platform.Designer.Forms.Settings;
using Platform.Engine.Forms.Fields;

namespace Platform.Designer.Forms;

/// <summary>
/// The property panel's part for a field's own type: which settings component draws it, and whether people type its values
/// (a formula, rollup or number the engine generates has no default, placeholder or required).
/// </summary>
public sealed record FieldPanel(Type Settings, bool TakesInput = true);

/// <summary>The one place a field type is matched to its settings panel.</summary>
public static class FieldPanels
{
    public static FieldPanel For(FieldDefinition field) => field.Accept(Visitor.Instance);

    private sealed class Visitor : IFieldVisitor<FieldPanel>
    {
        public static readonly Visitor Instance = new();

        public FieldPanel Visit(TextField field) => new(typeof(TextSettings));
        public FieldPanel Visit(TextareaField field) => new(typeof(TextareaSettings));
        public FieldPanel Visit(NumberField field) => new(typeof(NumberSettings));
        public FieldPanel Visit(MoneyField field) => new(typeof(MoneySettings));
        public FieldPanel Visit(PercentField field) => new(typeof(PercentSettings));
        public FieldPanel Visit(DateField field) => new(typeof(NoSettings));
        public FieldPanel Visit(DateTimeField field) => new(typeof(NoSettings));
        public FieldPanel Visit(BooleanField field) => new(typeof(NoSettings));
        public FieldPanel Visit(SelectField field) => new(typeof(SelectSettings));
        public FieldPanel Visit(MultiSelectField field) => new(typeof(MultiSelectSettings));
        public FieldPanel Visit(UserField field) => new(typeof(UserSettings));
        public FieldPanel Visit(DepartmentField field) => new(typeof(DepartmentSettings));
        public FieldPanel Visit(RelationField field) => new(typeof(RelationSettings));
        public FieldPanel Visit(SubformField field) => new(typeof(SubformSettings));
        public FieldPanel Visit(AttachmentField field) => new(typeof(AttachmentSettings));
        public FieldPanel Visit(FormulaField field) => new(typeof(FormulaSettings), TakesInput: false);
        public FieldPanel Visit(AutoNumberField field) => new(typeof(AutoNumberSettings), TakesInput: false);
        public FieldPanel Visit(RollupField field) => new(typeof(RollupSettings), TakesInput: false);
        public FieldPanel Visit(EmailField field) => new(typeof(DuplicateSettings));
        public FieldPanel Visit(PhoneField field) => new(typeof(DuplicateSettings));
        public FieldPanel Visit(UrlField field) => new(typeof(NoSettings));
        public FieldPanel Visit(RatingField field) => new(typeof(RatingSettings));

        // A type a newer version wrote: its settings are kept as they are and not offered here.
        public FieldPanel Visit(UnknownField field) => new(typeof(NoSettings));
    }
}
