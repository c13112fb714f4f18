namespace Platform.Runtime.Tests.Api;

/// <summary>Publishing a formula that would stall on existing records is refused, naming it; the records keep being writable.</summary>
[TestFixture]
public sealed class FormulaPublishTests() : ApiFixture(new SqliteTestDatabase())
{
    private const string Slow = """SEARCH(\"*a*a*a*a*a*a*a*a*a*a*b\", REPT(\"a\", 32000))""";

    [Test]
    public async Task A_formula_that_times_out_on_existing_records_is_refused_at_publish()
    {
        var app = await NewAppAsync();
        var form = $"/api/apps/{app}/forms/lead";
        await ExpectAsync(await SendAsync(HttpMethod.Put, form, """{ "key": "lead", "fields": [ { "key": "name", "type": "text" } ] }"""), 200);
        for (var i = 0; i < 200; i++)
            await ExpectAsync(await SendAsync(HttpMethod.Post, form + "/records", $$"""{ "name": "Lead {{i}}" }"""), 201);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var refused = await ExpectAsync(await SendAsync(HttpMethod.Put, form,
            $$"""{ "key": "lead", "fields": [ { "key": "name", "type": "text" }, { "key": "score", "type": "formula", "expression": "{{Slow}}" } ] }""", "zh-CN"), 422);
        watch.Stop();
        var created = await ExpectAsync(await SendAsync(HttpMethod.Post, form + "/records", """{ "name": "Still writable" }"""), 201);

        Assert.That(refused["codes"]!["score"]![0]!.GetValue<string>(), Is.EqualTo("formula.stalls"));
        Assert.That(refused["errors"]!["score"]![0]!.GetValue<string>(), Does.Contain("超时"));
        Assert.That(created["version"]!.GetValue<long>(), Is.EqualTo(1));
        // One sample record is enough to know; the 200 records are never all tried.
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task A_slow_formula_on_a_new_form_publishes_and_its_records_save_with_a_warning()
    {
        var app = await NewAppAsync();
        var form = $"/api/apps/{app}/forms/lead";
        await ExpectAsync(await SendAsync(HttpMethod.Put, form,
            $$"""{ "key": "lead", "fields": [ { "key": "name", "type": "text" }, { "key": "score", "type": "formula", "expression": "{{Slow}}" } ] }"""), 200);

        var created = await ExpectAsync(await SendAsync(HttpMethod.Post, form + "/records", """{ "name": "Acme" }""", "zh-CN"), 201);
        var history = await ExpectAsync(await SendAsync(HttpMethod.Get, $"{form}/records/{created["id"]}/history"), 200);

        Assert.That(created["score"], Is.Null);
        Assert.That(created["warnings"]![0]!["field"]!.GetValue<string>(), Is.EqualTo("score"));
        Assert.That(created["warnings"]![0]!["code"]!.GetValue<string>(), Is.EqualTo("script.timeout"));
        Assert.That(created["warnings"]![0]!["message"]!.GetValue<string>(), Does.Contain("超时"));
        Assert.That(history[0]!["warnings"]![0]!["code"]!.GetValue<string>(), Is.EqualTo("script.timeout"));
        Assert.That(history[0]!["actor"]!["kind"]!.GetValue<string>(), Is.EqualTo("user"));
    }
}
