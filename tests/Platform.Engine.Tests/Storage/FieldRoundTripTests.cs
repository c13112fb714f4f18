using System.Text.Json.Nodes;
using Platform.Engine.Records;

namespace Platform.Engine.Tests.Storage;

/// <summary>Each field type written and read back, on every database: one line per type.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class FieldRoundTripTests(TestDatabase target) : EngineFixture(target)
{
    [TestCase("""{ "type": "text" }""", "\"Ünïcødé 'quotes'; ] -- 中文\"")]
    [TestCase("""{ "type": "textarea" }""", "\"line one\\nline two\"")]
    [TestCase("""{ "type": "number", "precision": 3 }""", "-1234.567")]
    [TestCase("""{ "type": "money", "currency": "CNY" }""", "99999999.99")]
    [TestCase("""{ "type": "percent" }""", "0.1234")]
    [TestCase("""{ "type": "date" }""", "\"2024-02-29\"")]
    [TestCase("""{ "type": "datetime" }""", "\"2026-11-23T09:30:15.123Z\"")]
    [TestCase("""{ "type": "boolean" }""", "true")]
    [TestCase("""{ "type": "boolean" }""", "false")]
    [TestCase("""{ "type": "select", "options": [ { "key": "a" }, { "key": "b'c" } ] }""", "\"b'c\"")]
    [TestCase("""{ "type": "multiselect", "options": [ { "key": "x" }, { "key": "y" }, { "key": "z" } ] }""", "[\"z\",\"x\"]")]
    [TestCase("""{ "type": "attachment" }""", """[{"name":"合同.pdf","url":"https://files.example/1","size":1024}]""")]
    [TestCase("""{ "type": "email" }""", "\"li.lei@example.com\"")]
    [TestCase("""{ "type": "phone" }""", "\"+86 138 0000 0000\"")]
    [TestCase("""{ "type": "url" }""", "\"https://example.com/a?b=c\"")]
    [TestCase("""{ "type": "rating", "max": 5 }""", "4")]
    [TestCase("""{ "type": "subform", "fields": [ { "key": "item", "type": "text" }, { "key": "qty", "type": "number", "precision": 0 } ] }""",
        """[{"item":"A","qty":2},{"item":"B","qty":null}]""")]
    public async Task Value_survives_a_write_and_a_read(string fieldJson, string valueJson)
    {
        var app = await NewAppAsync();
        var field = JsonNode.Parse(fieldJson)!.AsObject();
        field["key"] = "value";
        var form = await PublishAsync(app, $$"""{ "key": "f", "fields": [ {{field.ToJsonString()}} ] }""");

        var created = await Records.CreateAsync(form, Json.Of($$"""{ "value": {{valueJson}} }"""), User());
        var read = await Records.GetAsync(form, created.Id, User());

        Assert.That(RecordJson.ToJson(form, read)["value"]!.ToJsonString(), Is.EqualTo(JsonNode.Parse(valueJson)!.ToJsonString()));
        AssertWrittenAsTheNode(form, read);
    }

    /// <summary>A page writes each record straight to the response: the same JSON as the record's node, and with fields asked for, those and the id and version.</summary>
    private static void AssertWrittenAsTheNode(Platform.Engine.Models.FormModel form, RecordData record)
    {
        Assert.That(Written(form, record, null), Is.EqualTo(RecordJson.ToJson(form, record).ToJsonString()));
        var only = RecordJson.ToJson(form, record);
        foreach (var key in only.Select(p => p.Key).Where(k => k is not ("id" or "version" or "value")).ToList()) only.Remove(key);
        Assert.That(Written(form, record, ["value"]), Is.EqualTo(only.ToJsonString()));
    }

    private static string Written(Platform.Engine.Models.FormModel form, RecordData record, IReadOnlyCollection<string>? fields)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer)) RecordJson.WriteTo(json, form, record, fields);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Test]
    public async Task Departments_round_trip_one_or_many_in_their_order()
    {
        var departments = new Platform.Engine.Users.DepartmentService(Database, Clock);
        var (a, b, c) = ((await departments.CreateAsync("A", null)).Id, (await departments.CreateAsync("B", null)).Id, (await departments.CreateAsync("C", null)).Id);
        var form = await PublishAsync(await NewAppAsync(), """
            { "key": "f", "fields": [ { "key": "team", "type": "department" }, { "key": "teams", "type": "department", "multiple": true } ] }
            """);

        var created = await Records.CreateAsync(form, Json.Of($$"""{ "team": {{b}}, "teams": [{{c}}, {{a}}, {{b}}] }"""), User());
        var read = await Records.GetAsync(form, created.Id, User());
        var json = RecordJson.ToJson(form, read);

        Assert.That(Written(form, read, null), Is.EqualTo(json.ToJsonString()));
        Assert.That(json["team"]!.ToJsonString(), Is.EqualTo($"{b}"));
        Assert.That(json["teams"]!.ToJsonString(), Is.EqualTo($"[{c},{a},{b}]"));
    }

    [Test]
    public async Task Users_and_related_records_round_trip_one_or_many()
    {
        var app = await NewAppAsync();
        var company = await PublishAsync(app, """{ "key": "company", "fields": [ { "key": "name", "type": "text" } ] }""");
        var form = await PublishAsync(app, """
            { "key": "f", "fields": [ { "key": "owner1", "type": "user" }, { "key": "team", "type": "user", "multiple": true },
              { "key": "company", "type": "relation", "form": "company" }, { "key": "partners", "type": "relation", "form": "company", "multiple": true } ] }
            """);
        var a = await TestUsers.AddAsync(Database, $"{Guid.NewGuid():N}@example.com");
        var b = await TestUsers.AddAsync(Database, $"{Guid.NewGuid():N}@example.com");
        var x = (await Records.CreateAsync(company, Json.Of("""{ "name": "X" }"""), User())).Id;
        var y = (await Records.CreateAsync(company, Json.Of("""{ "name": "Y" }"""), User())).Id;

        var created = await Records.CreateAsync(form, Json.Of($$"""{ "owner1": {{a}}, "team": [{{b}}, {{a}}], "company": {{x}}, "partners": [{{y}}, {{x}}] }"""), User());
        var read = await Records.GetAsync(form, created.Id, User());
        var json = RecordJson.ToJson(form, read);

        Assert.That(Written(form, read, null), Is.EqualTo(json.ToJsonString()));
        Assert.That(json["owner1"]!.ToJsonString(), Is.EqualTo($"{a}"));
        Assert.That(json["team"]!.ToJsonString(), Is.EqualTo($"[{b},{a}]"));
        Assert.That(json["company"]!.ToJsonString(), Is.EqualTo($"{x}"));
        Assert.That(json["partners"]!.ToJsonString(), Is.EqualTo($"[{y},{x}]"));
    }

    [Test]
    public async Task Empty_values_read_back_as_null()
    {
        var app = await NewAppAsync();
        var form = await PublishAsync(app, """
            { "key": "f", "fields": [ { "key": "t", "type": "text" }, { "key": "tags", "type": "multiselect", "options": [ { "key": "a" } ] },
              { "key": "rows", "type": "subform", "fields": [ { "key": "x", "type": "text" } ] } ] }
            """);

        var created = await Records.CreateAsync(form, Json.Of("""{ "t": "", "tags": [] }"""), User());
        var json = RecordJson.ToJson(form, await Records.GetAsync(form, created.Id, User()));

        Assert.That(json["t"], Is.Null);
        Assert.That(json["tags"], Is.Null);
        Assert.That(json["rows"], Is.Null);
    }
}
