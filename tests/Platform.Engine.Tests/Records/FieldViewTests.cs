using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records;

/// <summary>A caller whose field view hides a field never meets it: not in answers, filters, sorts, projections, history or events.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class FieldViewTests(TestDatabase target) : EngineFixture(target)
{
    private const string Employee = """
        { "key": "employee", "fields": [
            { "key": "name",   "type": "text", "required": true },
            { "key": "stage",  "type": "select", "options": [ { "key": "new" }, { "key": "done" } ] },
            { "key": "salary", "type": "money" } ] }
        """;

    private static CallerContext Clerk(FormModel form) => User(2) with
    {
        Access = new GivenAccess(Views: new Dictionary<string, FieldView> { [form.Key] = FieldView.Of(["name", "stage"], editable: ["name"]) }),
    };

    private async Task<(FormModel Form, long Id)> EmployeeAsync()
    {
        var form = await PublishAsync(await NewAppAsync(), Employee);
        var record = await Records.CreateAsync(form, Json.Of("""{ "name": "Li Lei", "stage": "new", "salary": 9000 }"""), User());
        await Records.UpdateAsync(form, record.Id, Json.Of("""{ "salary": 9500 }"""), 1, User());
        await Records.UpdateAsync(form, record.Id, Json.Of("""{ "salary": 9900, "stage": "done" }"""), 2, User());
        return (form, record.Id);
    }

    [Test]
    public async Task A_hidden_field_is_in_no_answer_history_or_event()
    {
        var (form, id) = await EmployeeAsync();
        var clerk = Clerk(form);

        var got = await Records.GetAsync(form, id, clerk);
        var page = await Records.QueryAsync(form, new QueryRequest(), clerk);
        var history = await Records.HistoryAsync(form, id, clerk);
        var events = await Records.EventsAsync(form, 0, 100, clerk);
        var json = RecordJson.ToJson(form, got);

        Assert.That(got.Values.Keys, Is.EquivalentTo(new[] { "name", "stage" }));
        Assert.That(json.ContainsKey("salary"), Is.False);
        Assert.That(page.Items.Single().Values.ContainsKey("salary"), Is.False);
        // The salary-only change is left out; the mixed one shows only the stage.
        Assert.That(history.Select(h => h.Kind), Is.EqualTo(new[] { "created", "updated" }));
        Assert.That(history[1].Changes.Select(c => c.Field), Is.EqualTo(new[] { "stage" }));
        Assert.That(events.SelectMany(e => e.Payload["changes"]?.AsArray().Select(c => (string)c!["field"]!) ?? []), Is.EqualTo(new[] { "stage" }));
        Assert.That(events.Select(e => e.Payload.ToJsonString()), Has.None.Contains("9900").And.None.Contains("salary"));
        // The same reads as someone with every field see it.
        Assert.That((await Records.GetAsync(form, id, User())).Values["salary"], Is.EqualTo(9900m));
        Assert.That((await Records.HistoryAsync(form, id, User())).Count, Is.EqualTo(3));
    }

    [TestCase("""{ "field": "salary", "op": "gt", "value": 9000 }""", null, null)]
    [TestCase(null, "salary", null)]
    [TestCase(null, null, "salary")]
    public async Task A_hidden_field_cannot_be_filtered_sorted_or_asked_for(string? filter, string? sort, string? fields)
    {
        var (form, _) = await EmployeeAsync();
        var request = new QueryRequest
        {
            Filter = filter is null ? null : QueryJson.Parse(Json.Of($$"""{ "filter": {{filter}} }""")).Filter,
            Sort = sort is null ? [] : [new SortKey(sort, false)],
            Fields = fields is null ? null : [fields],
        };

        var error = await Assert.ThrowsAsync<ForbiddenException>(() => Records.QueryAsync(form, request, Clerk(form)));
        var asAdmin = await Records.QueryAsync(form, request, User());

        // Refused (403) naming the field, not answered without it: a dropped filter would answer another question.
        Assert.That((error!.Code, error.Args), Is.EqualTo(("access.hiddenField", new object?[] { "salary" })));
        Assert.That(Platform.Engine.Validation.Messages.Format(error.Code, "zh-CN", error.Args), Is.EqualTo("你无权读取字段“salary”。"));
        Assert.That(asAdmin.Items, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_hidden_field_is_unknown_when_sent_and_a_read_only_one_is_refused()
    {
        var (form, id) = await EmployeeAsync();
        var clerk = Clerk(form);

        var hidden = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.CreateAsync(form, Json.Of("""{ "name": "Han Mei", "salary": "lots" }"""), clerk));
        var readOnly = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.UpdateAsync(form, id, Json.Of("""{ "stage": "new" }"""), 3, clerk));
        var renamed = await Records.UpdateAsync(form, id, Json.Of("""{ "name": "Li Lei (HR)" }"""), 3, clerk);

        Assert.That(hidden!.Errors.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { ("salary", "unknownField") }));
        Assert.That(readOnly!.Errors.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { ("stage", "field.readOnly") }));
        Assert.That(renamed.Values.ContainsKey("salary"), Is.False);
        Assert.That((await Records.GetAsync(form, id, User())).Values["salary"], Is.EqualTo(9900m));
    }
}
