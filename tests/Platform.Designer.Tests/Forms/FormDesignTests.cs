using Platform.Designer.Forms;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;

namespace Platform.Designer.Tests.Forms;

/// <summary>The designer's model on its own: where dropped fields land, keys suggested and frozen, and every change undone and redone.</summary>
public sealed class FormDesignTests
{
    private static readonly DesignerText English = new("en");

    private static FormDesign Empty() => new(new FormDefinition { Key = "deal" });

    private static PaletteItem Type(string type) => FieldPalette.Find(type);

    private static string[][][] Grid(FormDesign design) =>
        [.. design.Layout.Sections.Select(s => s.Rows.Select(r => r.Columns.Select(c => c.Field).ToArray()).ToArray())];

    [Test]
    public void A_form_without_a_layout_is_laid_out_as_the_record_form_shows_it()
    {
        var design = new FormDesign(new FormDefinition
        {
            Key = "deal",
            Fields = [new TextField { Key = "name" }, new NumberField { Key = "amount" }, new TextareaField { Key = "notes" }, new DateField { Key = "close" }],
        });

        Assert.That(Grid(design), Is.EqualTo(new[] { new[] { new[] { "name", "amount" }, ["notes"], ["close"] } }));
        Assert.That(design.Layout.Sections[0].Rows[0].Columns.Select(c => c.Width), Is.EqualTo(new[] { 12, 12 }));
    }

    [Test]
    public void Fields_dropped_beside_each_other_share_the_row_and_the_fields_follow_the_layout_order()
    {
        var design = Empty();
        var name = design.Add(Type("text"), Localized.Of("名称", "Name")!, new Place(0, 0, 0));
        var amount = design.Add(Type("money"), Localized.Of("金额", "Amount")!, new Place(0, 0, 1));
        var stage = design.Add(Type("select"), Localized.Of("阶段", "Stage")!, new Place(0, 0, 0));
        var notes = design.Add(Type("textarea"), English.TypeLabel("textarea"), new Place(0, 1, 0));

        Assert.That((name.Key, amount.Key, stage.Key, notes.Key), Is.EqualTo(("name", "amount", "stage", "long_text")));
        Assert.That(Grid(design), Is.EqualTo(new[] { new[] { new[] { "stage", "name", "amount" }, ["long_text"] } }));
        Assert.That(design.Layout.Sections[0].Rows[0].Columns.Select(c => c.Width), Is.EqualTo(new[] { 8, 8, 8 }));
        Assert.That(design.Definition.Fields.Select(f => f.Key), Is.EqualTo(new[] { "stage", "name", "amount", "long_text" }));
        Assert.That(design.Definition.FindField("stage"), Is.TypeOf<SelectField>().With.Property(nameof(SelectField.Options)).Count.EqualTo(2));
    }

    [Test]
    public void A_row_holds_four_fields_and_a_fifth_dropped_on_it_starts_the_next_row()
    {
        var design = Empty();
        foreach (var n in Enumerable.Range(1, 5)) design.Add(Type("number"), Localized.Of(null, $"N{n}")!, new Place(0, 0, n - 1));

        Assert.That(Grid(design)[0].Select(r => r.Length), Is.EqualTo(new[] { 4, 1 }));
        Assert.That(design.Layout.Sections[0].Rows[0].Columns.Select(c => c.Width), Is.EqualTo(new[] { 6, 6, 6, 6 }));
    }

    [Test]
    public void A_field_moves_within_its_row_to_another_row_and_to_another_section_and_empty_rows_close()
    {
        var design = Empty();
        design.Add(Type("text"), Localized.Of(null, "A")!, new Place(0, 0, 0));
        design.Add(Type("text"), Localized.Of(null, "B")!, new Place(0, 0, 1));
        design.Add(Type("text"), Localized.Of(null, "C")!, new Place(0, 1, 0));

        design.Move("a", new Place(0, 0, 2));
        Assert.That(Grid(design)[0], Is.EqualTo(new[] { new[] { "b", "a" }, ["c"] }), "moved to the end of its own row");

        design.Move("c", new Place(0, 0, 0));
        Assert.That(Grid(design)[0], Is.EqualTo(new[] { new[] { "c", "b", "a" } }), "its row, left empty, is gone");

        design.AddSection(Localized.Of("跟进", "Follow-up"));
        design.Move("b", new Place(1, 0, 0));
        Assert.That(Grid(design), Is.EqualTo(new[] { new[] { new[] { "c", "a" } }, [["b"]] }));
        Assert.That(design.Definition.Fields.Select(f => f.Key), Is.EqualTo(new[] { "c", "a", "b" }));

        design.RemoveSection(1);
        Assert.That(Grid(design), Is.EqualTo(new[] { new[] { new[] { "c", "a" }, ["b"] } }), "a removed section's fields join the one before");
    }

    [Test]
    public void Every_change_is_undone_and_redone_in_order_and_a_new_change_ends_the_redo()
    {
        var design = Empty();
        var states = new List<string> { FormJson.Serialize(design.Definition) };
        var field = design.Add(Type("text"), Localized.Of("公司", "Company")!, new Place(0, 0, 0));
        states.Add(FormJson.Serialize(design.Definition));
        design.Update(field.Key, design.Definition.FindField(field.Key)! with { Required = true });
        states.Add(FormJson.Serialize(design.Definition));
        design.AddSection(Localized.Of("联系", "Contact"));
        states.Add(FormJson.Serialize(design.Definition));
        design.Move(field.Key, new Place(1, 0, 0));
        states.Add(FormJson.Serialize(design.Definition));

        for (var i = states.Count - 2; i >= 0; i--)
        {
            design.Undo();
            Assert.That(FormJson.Serialize(design.Definition), Is.EqualTo(states[i]), $"undo back to state {i}");
        }
        Assert.That(design.CanUndo, Is.False);
        design.Undo();
        Assert.That(FormJson.Serialize(design.Definition), Is.EqualTo(states[0]), "nothing more to undo");

        design.Redo();
        design.Redo();
        Assert.That(FormJson.Serialize(design.Definition), Is.EqualTo(states[2]));
        design.Remove(field.Key);
        Assert.That(design.CanRedo, Is.False, "a change after undoing ends what could be redone");
        design.Undo();
        Assert.That(FormJson.Serialize(design.Definition), Is.EqualTo(states[2]));
    }

    [Test]
    public void A_change_that_changes_nothing_is_not_a_step_to_undo()
    {
        var design = Empty();
        var field = design.Add(Type("text"), Localized.Of(null, "Name")!, new Place(0, 0, 0));
        design.Update(field.Key, design.Definition.FindField(field.Key)!);
        design.Move(field.Key, new Place(0, 0, 0));
        design.Undo();
        Assert.That(design.Definition.Fields, Is.Empty);
    }

    [Test]
    public void A_key_follows_its_label_until_published_or_typed_and_a_published_key_is_frozen()
    {
        var design = new FormDesign(new FormDefinition { Key = "deal", Fields = [new TextField { Key = "name", Label = "Name" }] }, published: ["name"]);
        var added = design.Add(Type("text"), English.TypeLabel("text"), new Place(0, 1, 0));
        design.Add(Type("number"), English.TypeLabel("number"), new Place(0, 1, 1));
        Assert.That(added.Key, Is.EqualTo("text"));

        design.Update("text", design.Definition.FindField("text")! with { Label = Localized.Of("公司名称", "Company name") });
        Assert.That(design.Definition.FindField("company_name"), Is.Not.Null, "renamed with its label while unpublished");

        design.Update("company_name", design.Definition.FindField("company_name")! with { Key = "account" });
        design.Update("account", design.Definition.FindField("account")! with { Label = Localized.Of("客户", "Customer") });
        Assert.That(design.Definition.FindField("account"), Is.Not.Null, "a key typed by hand stays");

        design.Update("name", design.Definition.FindField("name")! with { Key = "title", Label = "Title" });
        Assert.That((design.Frozen("name"), design.Definition.FindField("name")?.Label?.ToString()), Is.EqualTo((true, "Title")), "the label changes, the key does not");

        design.Update("account", design.Definition.FindField("account")! with { Key = "name" });
        Assert.That(design.Definition.FindField("account"), Is.Not.Null, "a key another field has is not taken");
        Assert.That(Grid(design)[0], Is.EqualTo(new[] { new[] { "name" }, ["account", "number"] }), "a renamed field keeps its place");
    }

    [Test]
    public void Every_field_type_is_on_the_palette_once_and_starts_as_its_type()
    {
        Assert.That(FieldPalette.Items.Select(i => i.Type), Is.EquivalentTo(FieldTypeRegistry.Names));
        foreach (var item in FieldPalette.Items)
        {
            Assert.That(FieldPalette.Groups, Does.Contain(item.Group));
            Assert.That(item.Make("f").TypeName, Is.EqualTo(item.Type));
            Assert.That(English[$"type-{item.Type}"], Is.Not.EqualTo($"type-{item.Type}"), item.Type);
            Assert.That(new DesignerText("zh-CN")[$"type-{item.Type}"], Is.Not.EqualTo($"type-{item.Type}"), item.Type);
        }
    }
}
