using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Runtime.Web.Components.Records;

namespace Platform.Web.Tests.Components;

/// <summary>The record form's sections: the layout's rows, then the fields it does not place two to a row, a last one alone keeping its half.</summary>
public sealed class FormSectionsTests
{
    private static BoundField Field(FieldDefinition definition) => new(definition, null!, null!, []);

    [Test]
    public void Fields_the_layout_does_not_place_go_two_to_a_row_and_a_last_one_keeps_its_half()
    {
        var name = Field(new TextField { Key = "name" });
        var city = Field(new TextField { Key = "city" });
        var note = Field(new TextareaField { Key = "note" });
        var phone = Field(new PhoneField { Key = "phone" });
        var email = Field(new EmailField { Key = "email" });
        var site = Field(new UrlField { Key = "site" });
        var layout = new FormLayout
        {
            Sections = [new LayoutSection { Rows = [new LayoutRow { Columns = [new LayoutColumn { Field = "name", Width = 12 }, new LayoutColumn { Field = "hidden", Width = 12 }] }] }],
        };

        var sections = FormSections.Of(layout, [name, city, note, phone, email, site]);

        string Shape(FormRow row) => string.Join(" ", row.Shown(_ => true).Select(c => $"{c.Field.Key}:{c.Span}"));
        // A field the reader may not see ("hidden") leaves its row to the other; a field alone (before a long text, or last) keeps its half.
        Assert.That(sections.SelectMany(s => s.Rows).Select(Shape), Is.EqualTo(new[] { "name:24", "city:12", "note:24", "phone:12 email:12", "site:12" }));
    }
}
