namespace Platform.Engine.Forms.Fields;

/// <summary>What a field's values point at, for the checks that follow references.</summary>
public enum ReferenceKind
{
    None,
    Users,
    Departments,
    Records,
}

/// <summary>
/// What the engine needs to know of a field type beyond its storage and values: what its values refer
/// to, whether the engine generates them. Asked here rather than by <c>is XField</c> checks in each place.
/// </summary>
/// <param name="Searchable">Its text is found by quick search (names, notes, emails, phones, links, numbers like SO-0001).</param>
/// <param name="Many">It refers to several (a list of ids) rather than one.</param>
public sealed record FieldTraits(ReferenceKind References = ReferenceKind.None, string? RelatedForm = null, bool Generated = false, bool Searchable = false,
    bool Many = false)
{
    private static readonly FieldTraits Plain = new();
    private static readonly FieldTraits Text = new(Searchable: true);

    public static FieldTraits Of(FieldDefinition field) => field.Accept(Visitor.Instance);

    private sealed class Visitor : IFieldVisitor<FieldTraits>
    {
        public static readonly Visitor Instance = new();

        public FieldTraits Visit(TextField field) => Text;
        public FieldTraits Visit(TextareaField field) => Text;
        public FieldTraits Visit(NumberField field) => Plain;
        public FieldTraits Visit(MoneyField field) => Plain;
        public FieldTraits Visit(PercentField field) => Plain;
        public FieldTraits Visit(DateField field) => Plain;
        public FieldTraits Visit(DateTimeField field) => Plain;
        public FieldTraits Visit(BooleanField field) => Plain;
        public FieldTraits Visit(SelectField field) => Plain;
        public FieldTraits Visit(MultiSelectField field) => Plain;
        public FieldTraits Visit(UserField field) => new(ReferenceKind.Users, Many: field.Multiple);
        public FieldTraits Visit(DepartmentField field) => new(ReferenceKind.Departments, Many: field.Multiple);
        public FieldTraits Visit(RelationField field) => new(ReferenceKind.Records, field.Form, Many: field.Multiple);
        public FieldTraits Visit(SubformField field) => Plain;
        public FieldTraits Visit(AttachmentField field) => Plain;
        public FieldTraits Visit(FormulaField field) => Plain;
        public FieldTraits Visit(AutoNumberField field) => new(Generated: true, Searchable: true);
        public FieldTraits Visit(RollupField field) => Plain;
        public FieldTraits Visit(EmailField field) => Text;
        public FieldTraits Visit(PhoneField field) => Text;
        public FieldTraits Visit(UrlField field) => Text;
        public FieldTraits Visit(RatingField field) => Plain;
        public FieldTraits Visit(UnknownField field) => Plain;
    }
}
