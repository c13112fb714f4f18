using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Forms;

/// <summary>A form's layout: sections of rows of one to four fields, each a share of 24, every field placed at most once; anything else is refused where it is.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class LayoutTests(TestDatabase target) : EngineFixture(target)
{
    private const string Fields = """[ { "key": "name", "type": "text" }, { "key": "phone", "type": "phone" }, { "key": "city", "type": "text" }, { "key": "note", "type": "textarea" } ]""";

    [Test]
    public async Task A_layout_of_titled_sections_and_rows_is_kept_as_published()
    {
        var app = await NewAppAsync();

        var form = await PublishAsync(app, $$"""
            { "key": "contact", "fields": {{Fields}}, "layout": { "sections": [
              { "title": { "en": "Basics", "zh-CN": "基本信息" }, "rows": [ { "columns": [ { "field": "name", "width": 12 }, { "field": "phone", "width": 12 } ] } ] },
              { "title": "More", "rows": [ { "columns": [ { "field": "note" } ] } ] } ] } }
            """);

        var sections = form.Definition.Layout!.Sections;
        Assert.That(sections.Select(s => s.Title!.Resolve(new System.Globalization.CultureInfo("zh-CN"))), Is.EqualTo(new[] { "基本信息", "More" }));
        Assert.That(sections[0].Rows[0].Columns.Select(c => (c.Field, c.Width)), Is.EqualTo(new[] { ("name", 12), ("phone", 12) }));
        Assert.That(sections[1].Rows[0].Columns.Single().Width, Is.EqualTo(24), "a field alone takes its whole row");
    }

    [Test]
    public async Task A_bad_layout_is_refused_at_each_place_it_is_wrong_and_nothing_is_published()
    {
        var app = await NewAppAsync();

        var refused = await Assert.ThrowsAsync<DefinitionRejectedException>(() => PublishAsync(app, $$"""
            { "key": "contact", "fields": {{Fields}}, "layout": { "sections": [ { "rows": [
              { "columns": [ { "field": "name", "width": 16 }, { "field": "phone", "width": 16 } ] },
              { "columns": [ { "field": "nope" }, { "field": "name", "width": 0 } ] },
              { "columns": [] },
              { "columns": [ { "field": "city", "width": 4 }, { "field": "note", "width": 4 }, { "field": "city", "width": 4 }, { "field": "phone", "width": 4 }, { "field": "phone", "width": 4 } ] } ] } ] } }
            """));

        Assert.That(refused!.Errors.Select(e => (e.Field, e.Code)), Is.EquivalentTo(new[]
        {
            ("layout.sections[0].rows[0]", "layout.rowWidth"),
            ("layout.sections[0].rows[1].columns[0].field", "layout.unknownField"),
            ("layout.sections[0].rows[1].columns[1].field", "layout.placedTwice"),
            ("layout.sections[0].rows[1].columns[1].width", "layout.width"),
            ("layout.sections[0].rows[2]", "layout.columns"),
            ("layout.sections[0].rows[3]", "layout.columns"),
            ("layout.sections[0].rows[3].columns[2].field", "layout.placedTwice"),
            ("layout.sections[0].rows[3].columns[3].field", "layout.placedTwice"),
            ("layout.sections[0].rows[3].columns[4].field", "layout.placedTwice"),
        }));
        Assert.That(refused.Errors.First(e => e.Code == "layout.rowWidth").Message("zh-CN"), Is.EqualTo("一行中字段的宽度合计不能超过 24。"));
        Assert.That(await Forms.ListAsync(app), Is.Empty);
    }
}
