using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Records.Query;

namespace Platform.Runtime.Web.Components.Filters;

/// <summary>
/// The filter builder's one place per field type: what a condition's value is typed with, through the record form's own
/// inputs (an option of a select, a date, a person…). "Is any of" a select takes several of its options; "contains" on a
/// tag list takes one; a computed field takes a value of the kind it computes. Null: the type has no value to type.
/// </summary>
public sealed class FilterValueFields(string op) : IFieldVisitor<FieldDefinition?>
{
    private bool Several => op == "in";

    /// <summary>The field a condition on <paramref name="field"/> with <paramref name="op"/> types its value with.</summary>
    public static FieldDefinition? For(FieldDefinition field, string op) => field.Accept(new FilterValueFields(op)) is { } value ? value with { Required = false } : null;

    /// <summary>The fields a condition may name: those the caller reads that have operators, then the record's own (owner, created, updated).</summary>
    public static IEnumerable<FieldDefinition> Choices(FormModel model, SignedIn signedIn)
    {
        var view = signedIn.Caller.Fields(model);
        foreach (var field in model.Fields.Where(f => view.CanRead(f.Key) && Operators(model, f.Key).Count > 0)) yield return field.Definition;
        foreach (var (key, system) in Systems) yield return system with { Label = new LocalizedText(Platform.Engine.Validation.Messages.Format("system." + key, signedIn.Text.Culture)) };
    }

    private static readonly (string Key, FieldDefinition Field)[] Systems =
    [
        (SystemFields.Owner, new UserField { Key = SystemFields.Owner }), (SystemFields.CreatedBy, new UserField { Key = SystemFields.CreatedBy }),
        (SystemFields.CreatedAt, new DateTimeField { Key = SystemFields.CreatedAt }), (SystemFields.UpdatedAt, new DateTimeField { Key = SystemFields.UpdatedAt }),
    ];

    /// <summary>The engine's operators for the field that the builder has an input for ("entered" takes a cohort, written by hand).</summary>
    public static IReadOnlyList<string> Operators(FormModel model, string key) => FilterOperators.For(model, key).Where(o => o != "entered").ToList();

    /// <summary>Whether the value may name the caller's own place: <c>me</c> (people) and <c>myDepartment</c> (people and departments).</summary>
    public static bool NamesCaller(FieldDefinition field, string op) => op is "eq" or "ne" && field is UserField or DepartmentField;

    public FieldDefinition? Visit(TextField field) => field;
    public FieldDefinition? Visit(TextareaField field) => new TextField { Key = field.Key, Label = field.Label };
    public FieldDefinition? Visit(EmailField field) => field;
    public FieldDefinition? Visit(PhoneField field) => field;
    public FieldDefinition? Visit(UrlField field) => field;
    public FieldDefinition? Visit(NumberField field) => field;
    public FieldDefinition? Visit(MoneyField field) => field;
    public FieldDefinition? Visit(PercentField field) => field;
    public FieldDefinition? Visit(RatingField field) => field;
    public FieldDefinition? Visit(DateField field) => field;
    public FieldDefinition? Visit(DateTimeField field) => field;
    public FieldDefinition? Visit(BooleanField field) => field;
    public FieldDefinition? Visit(SelectField field) =>
        Several ? new MultiSelectField { Key = field.Key, Label = field.Label, Options = field.Options } : field with { Stages = null };
    public FieldDefinition? Visit(MultiSelectField field) =>
        Several ? field : new SelectField { Key = field.Key, Label = field.Label, Options = field.Options };
    public FieldDefinition? Visit(UserField field) => field with { Multiple = Several };
    public FieldDefinition? Visit(DepartmentField field) => field with { Multiple = Several };
    public FieldDefinition? Visit(RelationField field) => field with { Multiple = Several };
    public FieldDefinition? Visit(SubformField field) => null;
    public FieldDefinition? Visit(AttachmentField field) => null;
    public FieldDefinition? Visit(FormulaField field) => Computed(field, field.Result);
    public FieldDefinition? Visit(AutoNumberField field) => new TextField { Key = field.Key, Label = field.Label };
    public FieldDefinition? Visit(RollupField field) => Computed(field, field.Result);
    public FieldDefinition? Visit(UnknownField field) => null;

    private static FieldDefinition Computed(FieldDefinition field, FormulaResultType result) => result switch
    {
        FormulaResultType.Text => new TextField { Key = field.Key, Label = field.Label },
        FormulaResultType.Date => new DateField { Key = field.Key, Label = field.Label },
        FormulaResultType.DateTime => new DateTimeField { Key = field.Key, Label = field.Label },
        FormulaResultType.Boolean => new BooleanField { Key = field.Key, Label = field.Label },
        _ => new NumberField { Key = field.Key, Label = field.Label, Precision = 6 },
    };
}
