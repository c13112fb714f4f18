namespace Platform.Runtime.Tests.Api;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class FormsApiTests(TestDatabase target) : ApiFixture(target)
{
    [Test]
    public async Task Publishing_reading_versions_and_schema()
    {
        var app = await NewAppAsync();

        var published = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", DealForm.Json), 200);
        var definition = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/deal"), 200);
        var list = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms"), 200);
        var schema = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/deal/schema"), 200);

        Assert.That(published["version"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(definition["fields"]![1]!["label"]!["zh-CN"]!.GetValue<string>(), Is.EqualTo("金额"));
        Assert.That(definition["version"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(list[0]!["key"]!.GetValue<string>(), Is.EqualTo("deal"));
        Assert.That(schema["required"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "name" }));
        Assert.That(schema["additionalProperties"]!.GetValue<bool>(), Is.False);

        // What GET returns can be sent back as it is.
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", definition.ToJsonString()), 200);
        var versions = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/deal/versions"), 200);
        Assert.That(versions.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_dry_run_shows_the_plan_and_data_loss_and_changes_nothing()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/f", """{ "key": "f", "fields": [ { "key": "size", "type": "text" } ] }"""), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/f/records", """{ "size": "large" }"""), 201);
        const string toNumber = """{ "key": "f", "fields": [ { "key": "size", "type": "number" }, { "key": "note", "type": "text" } ] }""";

        var dryRun = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/f?dryRun=true", toNumber), 200);
        var refused = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/f", toNumber), 422);
        var current = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/f"), 200);
        var confirmed = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/f?confirmDataLoss=true", toNumber), 200);

        Assert.That(dryRun["dryRun"]!.GetValue<bool>(), Is.True);
        Assert.That(dryRun["requiresConfirmation"]!.GetValue<bool>(), Is.True);
        Assert.That(dryRun["dataLoss"]![0]!["field"]!.GetValue<string>(), Is.EqualTo("size"));
        Assert.That(dryRun["changes"]!.AsArray().Select(c => c!["action"]!.GetValue<string>()).Where(a => a != "rebuildSearch"), Is.EquivalentTo(new[] { "changeType", "add" }));
        Assert.That(refused["plan"]!["dataLoss"]![0]!["count"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(current["version"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(confirmed["version"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [TestCase("""{ "key": "f", "fields": [ { "key": "total", "type": "formula", "expression": "while(true){}" } ] }""", "total", "script.syntax")]
    [TestCase("""{ "key": "f", "fields": [ { "key": "a'; DROP TABLE x; --", "type": "text" } ] }""", "fields[0]", "key.invalid")]
    [TestCase("""{ "key": "f", "fields": [ { "key": "名称", "type": "text" } ] }""", "fields[0]", "key.invalid")]
    [TestCase("""{ "key": "f", "fields": [ { "key": "version", "type": "text" } ] }""", "version", "key.reserved")]
    [TestCase("""{ "key": "f", "fields": [ { "key": "a", "type": "text" }, { "key": "a", "type": "number" } ] }""", "a", "key.duplicate")]
    [TestCase("""{ "key": "f", "fields": [ { "key": "s", "type": "select", "options": [ { "key": "x" }, { "key": "x" } ] } ] }""", "s", "field.setting")]
    [TestCase("""{ "key": "f", "fields": [ { "key": "r", "type": "relation", "form": "nowhere" } ] }""", "r", "relation.targetMissing")]
    [TestCase("""{ "key": "f", "fields": [ { "key": "x", "type": "hologram" } ] }""", "x", "field.unknownType")]
    [TestCase("""{ "key": "f", "fields": [ { "key": "a", "type": "text" } ], "rules": [ { "expression": "a ===", "message": "m" } ] }""", "rules[0]", "script.syntax")]
    [TestCase("""{ "key": "f", "fields": [ { "key": "n", "type": "number", "defaultValue": "ten" } ] }""", "n.defaultValue", "type.number")]
    [TestCase("""{ "key": "f", "fields": [ { "type": "text" } ] }""", "body", "json.invalid")]
    [TestCase("""{ "key": "other", "fields": [] }""", "key", "key.mismatch")]
    public async Task Definitions_that_cannot_be_published_get_422_naming_the_field(string definition, string field, string code)
    {
        var app = await NewAppAsync();

        var problem = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/f", definition), 422);

        Assert.That(problem["codes"]![field]?.AsArray().Select(c => c!.GetValue<string>()), Does.Contain(code), problem.ToJsonString());
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/f"), 404);
    }

    [Test]
    public async Task A_formula_syntax_error_names_line_and_column()
    {
        var app = await NewAppAsync();

        var problem = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/f",
            """{ "key": "f", "fields": [ { "key": "a", "type": "number" }, { "key": "t", "type": "formula", "expression": "a +\n * 2" } ] }"""), 422);

        Assert.That(problem["errors"]!["t"]![0]!.GetValue<string>(), Does.StartWith("Syntax error at line 2, column 2"));
    }

    [Test]
    public async Task Ten_thousand_character_and_unicode_names_and_labels()
    {
        var app = await NewAppAsync();
        var longText = new string('标', 10_000);

        var tooLong = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/f",
            $$"""{ "key": "f", "name": "{{longText}}", "fields": [ { "key": "a", "type": "text", "label": "{{longText}}" } ] }"""), 422);
        var hostile = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/f",
            """{ "key": "f", "name": "Bob's \"form\"; ] --", "fields": [ { "key": "a", "type": "text", "label": { "en": "x'; DROP TABLE pf_forms; --", "zh-CN": "名称]" } } ] }"""), 200);
        var definition = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/f"), 200);

        Assert.That(tooLong["codes"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "name", "a.label" }));
        Assert.That(hostile["version"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(definition["name"]!.GetValue<string>(), Is.EqualTo("Bob's \"form\"; ] --"));
        Assert.That(definition["fields"]![0]!["label"]!["zh-CN"]!.GetValue<string>(), Is.EqualTo("名称]"));
    }

    [TestCase("a'b")]
    [TestCase("x;DROP")]
    [TestCase("名称")]
    public async Task Form_keys_with_unsafe_characters_are_refused(string key)
    {
        var app = await NewAppAsync();
        var url = $"/api/apps/{app}/forms/{Uri.EscapeDataString(key)}";

        var problem = await ExpectAsync(await SendAsync(HttpMethod.Put, url, $$"""{ "fields": [ { "key": "a", "type": "text" } ] }"""), 422);

        Assert.That(problem["codes"]!["key"]![0]!.GetValue<string>(), Is.EqualTo("key.invalid"));
    }

    [TestCase("a'b")]
    [TestCase("a;b")]
    [TestCase("a]b")]
    [TestCase("销售")]
    public async Task App_keys_with_unsafe_characters_are_refused(string key)
    {
        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/apps", $$"""{ "key": {{System.Text.Json.JsonSerializer.Serialize(key)}} }"""), 400);

        Assert.That(problem["codes"]!["key"]![0]!.GetValue<string>(), Is.EqualTo("key.invalid"));
    }

    [Test]
    public async Task An_app_key_of_ten_thousand_characters_is_refused_and_echoed_short()
    {
        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/apps", $$"""{ "key": "{{new string('k', 10_000)}}" }"""), 400);

        Assert.That(problem.ToJsonString().Length, Is.LessThan(2000));
    }
}
