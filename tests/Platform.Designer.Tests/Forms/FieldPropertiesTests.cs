using Bunit;
using MudBlazor;
using MudBlazor.Services;
using Platform.Designer.Forms;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Formulas;
using Platform.Engine.Scripting;

namespace Platform.Designer.Tests.Forms;

/// <summary>
/// The property panel of every field type, drawn on its own: its own settings shown and each change handed back as the
/// changed field; what every field has (label in both languages, key, required, conditions) checked as it is typed.
/// </summary>
public sealed class FieldPropertiesTests
{
    private static readonly FormulaService Formulas = new(new ScriptSandbox());

    private static readonly FormDefinition Deal = new()
    {
        Key = "deal",
        Fields = [new TextField { Key = "name", Label = "Name" }, new MoneyField { Key = "amount", Label = "Amount" },
            new SelectField { Key = "stage", Label = "Stage", Options = [new SelectOption { Key = "won" }, new SelectOption { Key = "lost" }] }],
    };

    /// <summary>A field type, what its panel shows, and one change made through it with what the changed field holds.</summary>
    public sealed record PanelCase(FieldDefinition Field, string Shows, Func<IRenderedComponent<FieldProperties>, Task> Act, Func<FieldDefinition, bool> Holds)
    {
        public override string ToString() => Field.TypeName;
    }

    public static IEnumerable<PanelCase> Cases()
    {
        yield return new(new TextField { Key = "f" }, "setting-pattern", c => Type(c, "setting-maxLength", "50"), f => ((TextField)f).MaxLength == 50);
        yield return new(new TextareaField { Key = "f" }, "setting-maxLength", c => Type(c, "setting-maxLength", "500"), f => ((TextareaField)f).MaxLength == 500);
        yield return new(new NumberField { Key = "f" }, "setting-min", c => Type(c, "setting-precision", "0"), f => ((NumberField)f).Precision == 0);
        yield return new(new MoneyField { Key = "f" }, "setting-currency", c => Pick(c, "setting-currency", "USD"), f => ((MoneyField)f).Currency == "USD");
        yield return new(new PercentField { Key = "f" }, "setting-max", c => Type(c, "setting-max", "1"), f => ((PercentField)f).Max == 1m);
        yield return new(new DateField { Key = "f" }, "field-required", c => Switch(c, "field-required"), f => f.Required);
        yield return new(new DateTimeField { Key = "f" }, "field-unique", c => Switch(c, "field-unique"), f => f.Unique);
        yield return new(new BooleanField { Key = "f" }, "field-required", c => Switch(c, "field-required"), f => f.Required);
        yield return new(new SelectField { Key = "f", Options = [new SelectOption { Key = "a" }] }, "options-editor", c => Click(c, "option-add"),
            f => ((SelectField)f).Options.Select(o => o.Key).SequenceEqual(["a", "option_2"]));
        yield return new(new MultiSelectField { Key = "f", Options = [new SelectOption { Key = "a" }, new SelectOption { Key = "b" }] }, "options-editor",
            c => Click(c, "option-remove"), f => ((MultiSelectField)f).Options.Single().Key == "b");
        yield return new(new UserField { Key = "f" }, "setting-multiple", c => Switch(c, "setting-multiple"), f => ((UserField)f).Multiple);
        yield return new(new DepartmentField { Key = "f" }, "setting-multiple", c => Switch(c, "setting-multiple"), f => ((DepartmentField)f).Multiple);
        yield return new(new RelationField { Key = "f", Form = "" }, "setting-displayField", c => Pick(c, "setting-form", "customer"), f => ((RelationField)f).Form == "customer");
        yield return new(new SubformField { Key = "f" }, "subform-column-type", c => Click(c, "subform-column-add"),
            f => ((SubformField)f).Fields is [TextField { Key: "text" }]);
        yield return new(new AttachmentField { Key = "f" }, "setting-maxFiles", c => Type(c, "setting-maxFiles", "3"), f => ((AttachmentField)f).MaxFiles == 3);
        yield return new(new FormulaField { Key = "f", Expression = "" }, "setting-resultType", async c =>
        {
            await Type(c, "setting-expression-input", "amount * 2", commit: false);
            await c.Find("textarea[data-testid=setting-expression-input]").BlurAsync(new());
        }, f => ((FormulaField)f).Expression == "amount * 2");
        yield return new(new AutoNumberField { Key = "f" }, "autonumber-example", c => Type(c, "setting-prefix", "HT"), f => ((AutoNumberField)f).Prefix == "HT");
        yield return new(new RollupField { Key = "f", From = "", Via = "" }, "setting-aggregate", c => Pick(c, "setting-aggregate", RollupAggregate.Sum), f => ((RollupField)f).Aggregate == RollupAggregate.Sum);
        yield return new(new EmailField { Key = "f" }, "setting-duplicates", c => Pick(c, "setting-duplicates", DuplicateModes.Refuse), f => f.Duplicates == DuplicateModes.Refuse);
        yield return new(new PhoneField { Key = "f" }, "setting-duplicates", c => Pick(c, "setting-duplicates", DuplicateModes.Warn), f => f.Duplicates == DuplicateModes.Warn);
        yield return new(new UrlField { Key = "f" }, "field-placeholder-en", c => Type(c, "field-placeholder-en", "https://"),
            f => f.Placeholder?.Resolve(System.Globalization.CultureInfo.GetCultureInfo("en")) == "https://");
        yield return new(new RatingField { Key = "f" }, "setting-stars", c => Type(c, "setting-stars", "10"), f => ((RatingField)f).Max == 10);
    }

    [Test]
    public void Every_field_type_has_a_case_here() =>
        Assert.That(Cases().Select(c => c.Field.TypeName), Is.EquivalentTo(FieldTypeRegistry.Names));

    [TestCaseSource(nameof(Cases))]
    public async Task The_panel_of_each_type_shows_its_settings_and_hands_back_the_changed_field(PanelCase test)
    {
        await using var context = NewContext();
        var changed = new List<FieldDefinition>();
        var panel = Render(context, test.Field, changed);

        Assert.That(panel.FindAll($"[data-testid={test.Shows}]"), Is.Not.Empty, "its own settings are shown");
        Assert.That(panel.Find("[data-testid=field-type]").TextContent,
            Is.EqualTo(new DesignerText("zh-CN").TypeLabel(test.Field.TypeName).Resolve(System.Globalization.CultureInfo.GetCultureInfo("zh-CN"))));
        await test.Act(panel);
        Assert.That(changed, Is.Not.Empty, "a change was handed back");
        Assert.That(test.Holds(changed[^1]), Is.True, $"the changed {test.Field.TypeName} holds the setting");
        Assert.That(changed[^1].Key, Is.EqualTo("f"));
    }

    [Test]
    public async Task Computed_fields_take_no_default_placeholder_or_required()
    {
        foreach (FieldDefinition field in (FieldDefinition[])[new FormulaField { Key = "f", Expression = "1" }, new RollupField { Key = "f", From = "a", Via = "b" }, new AutoNumberField { Key = "f" }])
        {
            await using var context = NewContext();
            var panel = Render(context, field, []);
            Assert.That(panel.FindAll("[data-testid=field-required], [data-testid=field-default], [data-testid=field-placeholder-zh]"), Is.Empty, field.TypeName);
            Assert.That(panel.FindAll("[data-testid=field-visibleWhen]"), Has.Count.EqualTo(1), field.TypeName);
        }
    }

    [Test]
    public async Task The_label_is_typed_in_both_languages_and_each_keeps_the_other()
    {
        await using var context = NewContext();
        var changed = new List<FieldDefinition>();
        var panel = Render(context, new TextField { Key = "f", Label = Localized.Of("客户", "Customer") }, changed);

        await Type(panel, "field-label-en", "Account");
        Assert.That(changed[^1].Label, Is.EqualTo(Localized.Of("客户", "Account")));
    }

    [Test]
    public async Task A_bad_or_taken_key_is_said_at_once_and_not_handed_back_and_a_published_key_cannot_be_typed()
    {
        await using var context = NewContext();
        var changed = new List<FieldDefinition>();
        var panel = Render(context, new TextField { Key = "f" }, changed);

        await Type(panel, "field-key", "9lives");
        Assert.That(panel.Markup, Does.Contain("标识以字母开头"));
        await Type(panel, "field-key", "amount");
        Assert.That(panel.Markup, Does.Contain("其他字段已在使用这个标识"));
        Assert.That(changed, Is.Empty);
        await Type(panel, "field-key", "company");
        Assert.That(changed.Single().Key, Is.EqualTo("company"));

        var frozen = Render(context, new TextField { Key = "name" }, changed, frozen: true);
        Assert.That(frozen.Find("input[data-testid=field-key]").HasAttribute("disabled"), Is.True);
        Assert.That(frozen.Markup, Does.Contain("已发布"));
    }

    [Test]
    public async Task A_condition_that_cannot_work_is_wrong_as_it_is_typed_and_a_good_one_is_kept_on_leaving_it()
    {
        await using var context = NewContext();
        var changed = new List<FieldDefinition>();
        var panel = Render(context, new TextField { Key = "f" }, changed);

        await Type(panel, "field-visibleWhen-input", "amount +", commit: false);
        Assert.That(panel.Find("[data-testid=field-visibleWhen]").TextContent, Does.Contain("第 1 行"));
        await Type(panel, "field-visibleWhen-input", "budget > 5", commit: false);
        Assert.That(panel.Find("[data-testid=field-visibleWhen]").TextContent, Does.Contain("budget"), "a field the form does not have");
        Assert.That(changed, Is.Empty, "nothing is kept while it is typed");

        await Type(panel, "field-visibleWhen-input", "st", commit: false);
        var suggestions = panel.FindAll("[data-testid=formula-suggestion]");
        Assert.That(suggestions.Select(s => s.GetAttribute("data-insert")), Does.Contain("stage"));
        await suggestions.First(s => s.GetAttribute("data-insert") == "stage").ClickAsync(new());
        await Type(panel, "field-visibleWhen-input", "stage = 'lost'", commit: false);
        await panel.Find("textarea[data-testid=field-visibleWhen-input]").BlurAsync(new());
        Assert.That(changed[^1].VisibleWhen, Is.EqualTo("stage = 'lost'"));
        Assert.That(panel.Find("[data-testid=field-visibleWhen]").TextContent, Does.Not.Contain("第 1 行"));
    }

    private static BunitContext NewContext()
    {
        var context = new BunitContext();
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        return context;
    }

    private static IRenderedComponent<FieldProperties> Render(BunitContext context, FieldDefinition field, List<FieldDefinition> changed, bool frozen = false)
    {
        var definition = Deal with { Fields = Deal.Fields.Add(field) };
        var designer = new DesignerContext(new DesignerText("zh-CN"), "crm",
            [new FormInfo("customer", "Customer", 1, 3, DateTime.UtcNow)],
            (expression, expected) => Task.FromResult(Formulas.Check(expression, new FormulaScope(definition), expected)));
        return context.Render<FieldProperties>(p => p
            .AddCascadingValue(designer)
            .AddCascadingValue("DesignFields", (IReadOnlyList<FieldDefinition>)definition.Fields)
            .Add(x => x.Field, field)
            .Add(x => x.Frozen, frozen)
            .Add(x => x.Changed, (FieldDefinition f) => changed.Add(f)));
    }

    private static async Task Type(IRenderedComponent<FieldProperties> panel, string testId, string value, bool commit = true)
    {
        var input = panel.Find($"input[data-testid={testId}], textarea[data-testid={testId}]");
        if (commit) await input.ChangeAsync(new() { Value = value });
        else await panel.InvokeAsync(() => input.Input(value));
    }

    private static Task Switch(IRenderedComponent<FieldProperties> panel, string testId) =>
        panel.Find($"input[data-testid={testId}]").ChangeAsync(new() { Value = true });

    private static Task Click(IRenderedComponent<FieldProperties> panel, string testId) =>
        panel.FindAll($"[data-testid={testId}]")[0].ClickAsync(new());

    // A select's list opens in a popover the page draws elsewhere: the choice is made as the list's click makes it.
    private static Task Pick<T>(IRenderedComponent<FieldProperties> panel, string testId, T value) =>
        panel.InvokeAsync(() => panel.FindComponents<MudSelect<T>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId))
            .Instance.ValueChanged.InvokeAsync(value));
}
