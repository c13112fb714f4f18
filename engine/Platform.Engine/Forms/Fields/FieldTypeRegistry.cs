using System.Collections.Frozen;

namespace Platform.Engine.Forms.Fields;

/// <summary>
/// The pinned names written as <c>"type"</c> in stored JSON. Renaming a CLR type never changes
/// stored data; a name here never changes once released.
/// </summary>
public static class FieldTypeRegistry
{
    private static readonly (string Name, Type Type)[] Pairs =
    [
        ("text", typeof(TextField)),
        ("textarea", typeof(TextareaField)),
        ("number", typeof(NumberField)),
        ("money", typeof(MoneyField)),
        ("percent", typeof(PercentField)),
        ("date", typeof(DateField)),
        ("datetime", typeof(DateTimeField)),
        ("boolean", typeof(BooleanField)),
        ("select", typeof(SelectField)),
        ("multiselect", typeof(MultiSelectField)),
        ("user", typeof(UserField)),
        ("department", typeof(DepartmentField)),
        ("relation", typeof(RelationField)),
        ("subform", typeof(SubformField)),
        ("attachment", typeof(AttachmentField)),
        ("formula", typeof(FormulaField)),
        ("autonumber", typeof(AutoNumberField)),
        ("rollup", typeof(RollupField)),
        ("email", typeof(EmailField)),
        ("phone", typeof(PhoneField)),
        ("url", typeof(UrlField)),
        ("rating", typeof(RatingField)),
    ];

    private static readonly FrozenDictionary<string, Type> ByName = Pairs.ToFrozenDictionary(p => p.Name, p => p.Type);
    private static readonly FrozenDictionary<Type, string> ByType = Pairs.ToFrozenDictionary(p => p.Type, p => p.Name);

    public static IEnumerable<string> Names => Pairs.Select(p => p.Name);

    public static Type? TypeOf(string name) => ByName.GetValueOrDefault(name);

    public static string NameOf(FieldDefinition field) =>
        field is UnknownField unknown ? unknown.OriginalType : ByType[field.GetType()];
}
