using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records;

/// <summary>
/// A field's condition (<c>visibleWhen</c>): a field it hides is not required and keeps its value; one an update brings into
/// view is required then; the record form is told the same as the values are typed; a bad condition is refused where it is.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class VisibilityTests(TestDatabase target) : EngineFixture(target)
{
    private const string Deal = """
        { "key": "deal", "fields": [
          { "key": "name", "type": "text", "required": true },
          { "key": "stage", "type": "select", "options": [ { "key": "open" }, { "key": "lost" } ], "defaultValue": "open" },
          { "key": "lost_reason", "type": "textarea", "required": true, "visibleWhen": "stage = 'lost'",
            "placeholder": { "en": "Price, timing, a competitor…", "zh-CN": "价格、时机、竞争对手……" } } ] }
        """;

    [Test]
    public async Task A_hidden_field_is_not_required_and_one_brought_into_view_is()
    {
        var app = await NewAppAsync();
        var form = await PublishAsync(app, Deal);

        var open = await Records.CreateAsync(form, Json.From(new { name = "ERP" }), User());
        var lost = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.CreateAsync(form, Json.From(new { name = "CRM", stage = "lost" }), User()));
        Assert.That(lost!.Errors.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { ("lost_reason", "required") }));

        // Marked lost by an update that leaves the reason out: now in view, it is asked for.
        var marked = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.UpdateAsync(form, open.Id, Json.From(new { stage = "lost" }), open.Version, User()));
        Assert.That(marked!.Errors.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { ("lost_reason", "required") }));
        var saved = await Records.UpdateAsync(form, open.Id, Json.From(new { stage = "lost", lost_reason = "Price" }), open.Version, User());

        // Open again, the reason is hidden and kept, and an update need not mention it.
        var reopened = await Records.UpdateAsync(form, saved.Id, Json.From(new { stage = "open" }), saved.Version, User());
        Assert.That((reopened.Values["stage"], reopened.Values["lost_reason"]), Is.EqualTo(("open", "Price")));
        var cleared = await Records.UpdateAsync(form, reopened.Id, Json.From(new { name = "ERP 2", lost_reason = (string?)null }), reopened.Version, User());
        Assert.That(cleared.Values.GetValueOrDefault("lost_reason"), Is.Null, "hidden, it may be emptied");
        Assert.That(form.Definition.FindField("lost_reason")!.Placeholder!.Resolve(new System.Globalization.CultureInfo("zh-CN")), Is.EqualTo("价格、时机、竞争对手……"));
    }

    [Test]
    public async Task The_record_form_is_told_what_the_values_typed_so_far_hide()
    {
        var app = await NewAppAsync();
        var form = await PublishAsync(app, Deal);
        var record = await Records.CreateAsync(form, Json.From(new { name = "ERP" }), User());

        Assert.That(Records.HiddenFields(form, Json.From(new { }), null, User()), Is.EquivalentTo(new[] { "lost_reason" }), "a new deal starts open");
        Assert.That(Records.HiddenFields(form, Json.From(new { stage = "lost" }), null, User()), Is.Empty);
        Assert.That(Records.HiddenFields(form, Json.From(new { stage = "lost" }), record, User()), Is.Empty);
        Assert.That(Records.HiddenFields(form, Json.From(new { stage = 42 }), record, User()), Is.EquivalentTo(new[] { "lost_reason" }), "what cannot be read yet counts as empty");
    }

    [Test]
    public async Task A_bad_condition_is_refused_where_it_is()
    {
        var app = await NewAppAsync();

        var refused = await Assert.ThrowsAsync<DefinitionRejectedException>(() => PublishAsync(app, """
            { "key": "deal", "fields": [
              { "key": "stage", "type": "select", "options": [ { "key": "open" } ] },
              { "key": "reason", "type": "text", "visibleWhen": "nope = 1" },
              { "key": "note", "type": "text", "visibleWhen": "stage" },
              { "key": "items", "type": "subform", "fields": [ { "key": "sku", "type": "text", "visibleWhen": "TRUE" } ] } ] }
            """));

        Assert.That(refused!.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "reason.visibleWhen", "note.visibleWhen", "items.sku.visibleWhen" }));
        Assert.That(refused.Errors.Single(e => e.Field == "items.sku.visibleWhen").Message("zh-CN"), Does.Contain("子表单"));
    }
}
