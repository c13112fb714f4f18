using System.Text.Json.Nodes;
using Platform.Engine.Packages;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Packages;

/// <summary>
/// The package schema (<c>templates/schemas/package.schema.json</c>) describes each part's items, not only the manifest: the
/// template shipped with the runtime meets it, and what breaks it is named at its place.
/// </summary>
public sealed class PackageSchemaTests
{
    private static string Templates => Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "templates");

    [Test]
    public async Task The_crm_template_meets_the_schema_part_by_part()
    {
        var package = new JsonObject();
        foreach (var file in Directory.GetFiles(Path.Combine(Templates, "crm-lifecycle"), "*.json"))
            package[Path.GetFileNameWithoutExtension(file)] = JsonNode.Parse(await File.ReadAllTextAsync(file));
        Assert.That(package.Select(p => p.Key), Is.SupersetOf(new[] { "manifest", "forms", "roles", "workflows", "reports", "dashboards" }));
        await PackageSchema.CheckAsync(package);
    }

    [TestCase("""{ "forms": [ { "key": "c", "fields": [ { "key": "name" } ] } ] }""", "forms[0].fields[0]")]
    [TestCase("""{ "forms": [ { "key": "c", "fields": [ { "key": "name", "type": "text", "duplicates": "sometimes" } ] } ] }""", "forms[0].fields[0].duplicates")]
    [TestCase("""{ "roles": [ { "key": "r", "name": "R", "permissions": { "c": { "actions": [ "fly" ] } } } ] }""", "roles[0].permissions.c.actions[0]")]
    [TestCase("""{ "roles": [ { "key": "r", "name": "R", "permissions": { "c": { "read": "everyone" } } } ] }""", "roles[0].permissions.c.read")]
    [TestCase("""{ "workflows": [ { "key": "w", "form": "c", "trigger": { "type": "manual" }, "steps": [ { "type": "notify" } ] } ] }""", "workflows[0].steps[0]")]
    [TestCase("""{ "reports": [ { "key": "r", "type": "funnel" } ] }""", "reports[0]")]
    [TestCase("""{ "dashboards": [ { "key": "d", "items": [ { "report": "r", "x": 12 } ] } ] }""", "dashboards[0].items[0].x")]
    public async Task A_part_item_that_breaks_the_schema_is_named_at_its_place(string parts, string place)
    {
        var package = JsonNode.Parse(parts)!.AsObject();
        package["manifest"] = JsonNode.Parse("""{ "format": 1, "key": "p", "name": "P", "version": "1.0.0" }""");
        var refused = (await Assert.ThrowsAsync<ValidationFailedException>(() => PackageSchema.CheckAsync(package)))!;
        Assert.That(refused.Errors.Select(e => e.Field), Has.Some.StartsWith(place), string.Join("; ", refused.Errors.Select(e => $"{e.Field} {e.Args[0]}")));
    }
}
