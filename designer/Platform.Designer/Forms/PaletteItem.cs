using Platform.Engine.Forms.Fields;

namespace Platform.Designer.Forms;

/// <summary>A field type the palette offers: its pinned name, its group and how a new one starts.</summary>
public sealed record PaletteItem(string Type, string Group, Func<string, FieldDefinition> Make);

/// <summary>
/// The palette, grouped as business users look for fields (basic, choice, date, people and organisation, relation,
/// advanced): every field type once, each starting as a designer would want it (a select with two options to rename).
/// </summary>
public static class FieldPalette
{
    public static readonly IReadOnlyList<string> Groups = ["basic", "choice", "date", "people", "relation", "advanced"];

    public static readonly IReadOnlyList<PaletteItem> Items =
    [
        new("text", "basic", key => new TextField { Key = key }),
        new("textarea", "basic", key => new TextareaField { Key = key }),
        new("number", "basic", key => new NumberField { Key = key }),
        new("money", "basic", key => new MoneyField { Key = key }),
        new("percent", "basic", key => new PercentField { Key = key }),
        new("email", "basic", key => new EmailField { Key = key }),
        new("phone", "basic", key => new PhoneField { Key = key }),
        new("url", "basic", key => new UrlField { Key = key }),
        new("select", "choice", key => new SelectField { Key = key, Options = [Option("option_1", "选项 1", "Option 1"), Option("option_2", "选项 2", "Option 2")] }),
        new("multiselect", "choice", key => new MultiSelectField { Key = key, Options = [Option("option_1", "选项 1", "Option 1"), Option("option_2", "选项 2", "Option 2")] }),
        new("boolean", "choice", key => new BooleanField { Key = key }),
        new("rating", "choice", key => new RatingField { Key = key }),
        new("date", "date", key => new DateField { Key = key }),
        new("datetime", "date", key => new DateTimeField { Key = key }),
        new("user", "people", key => new UserField { Key = key }),
        new("department", "people", key => new DepartmentField { Key = key }),
        new("relation", "relation", key => new RelationField { Key = key, Form = "" }),
        new("subform", "relation", key => new SubformField { Key = key }),
        new("rollup", "relation", key => new RollupField { Key = key, From = "", Via = "" }),
        new("formula", "advanced", key => new FormulaField { Key = key, Expression = "" }),
        new("autonumber", "advanced", key => new AutoNumberField { Key = key }),
        new("attachment", "advanced", key => new AttachmentField { Key = key }),
    ];

    public static PaletteItem Find(string type) => Items.First(i => i.Type == type);

    private static SelectOption Option(string key, string zh, string en) => new() { Key = key, Label = Localized.Of(zh, en) };
}
