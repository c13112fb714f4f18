using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;

namespace Platform.Runtime.Tests.Api;

/// <summary>An integrator's first hour: generate a client from /openapi/v1.json, compile it, create and query a record with it.</summary>
[TestFixture]
public sealed class OpenApiClientTests() : ApiFixture(new SqliteTestDatabase())
{
    [Test]
    public async Task The_document_names_the_bearer_scheme_bodies_answers_and_refusals()
    {
        var document = await JsonAsync(await Client.GetAsync("/openapi/v1.json"));
        var create = document["paths"]!["/api/apps/{app}/forms/{form}/records"]!["post"]!;
        var createApp = document["paths"]!["/api/apps"]!["post"]!;

        Assert.That(document["openapi"]!.GetValue<string>(), Does.StartWith("3.0"));
        Assert.That(document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>(), Is.EqualTo("bearer"));
        Assert.That(create["requestBody"], Is.Not.Null);
        Assert.That(create["responses"]!.AsObject().Select(r => r.Key), Is.SupersetOf(new[] { "201", "400", "401" }));
        Assert.That(create["security"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(createApp["responses"]!.AsObject().Select(r => r.Key), Is.SupersetOf(new[] { "201", "400", "401", "403" }));
        foreach (var (path, operations) in document["paths"]!.AsObject())
            foreach (var (method, operation) in operations!.AsObject())
                Assert.That(operation!["responses"]!.AsObject().Any(r => r.Key.StartsWith('2')), $"{method} {path} documents no success answer");
    }

    [Test]
    public async Task A_client_generated_from_the_document_compiles_and_creates_and_queries_a_record()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", DealForm.Json), 200);
        var json = await Client.GetStringAsync("/openapi/v1.json");

        var code = new CSharpClientGenerator(await OpenApiDocument.FromJsonAsync(json), new CSharpClientGeneratorSettings
        {
            ClassName = "PlatformClient",
            UseBaseUrl = false,
            CSharpGeneratorSettings = { Namespace = "Generated", JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson },
        }).GenerateFile();
        var assembly = Compile(code);
        var type = assembly.GetType("Generated.PlatformClient")!;
        using var http = Factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = Client.DefaultRequestHeaders.Authorization;
        var client = Activator.CreateInstance(type, http)!;

        var created = await InvokeAsync(type, client, "CreateRecordAsync", app, "deal", JsonNode.Parse("""{ "name": "Acme", "amount": 1200 }""")!.AsObject());
        var page = await InvokeAsync(type, client, "QueryRecordsAsync", app, "deal", JsonNode.Parse("""{ "filter": { "field": "amount", "op": "gt", "value": 100 } }""")!.AsObject());

        Assert.That(Show(created), Does.Contain("Acme"));
        Assert.That(Show(page), Does.Contain("Acme").And.Contain("1200"));
    }

    private static Assembly Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("GeneratedClient", [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.That(errors, Is.Empty, "the generated client does not compile");
        image.Position = 0;
        return new AssemblyLoadContext("generated-client", isCollectible: true).LoadFromStream(image);
    }

    /// <summary>Calls a generated method whatever the generator named its body parameter's type: the body is converted from JSON.</summary>
    private static async Task<object?> InvokeAsync(Type type, object client, string name, string app, string form, JsonObject body)
    {
        var method = type.GetMethods().Single(m => m.Name == name && m.GetParameters().Length == 3);
        var bodyType = method.GetParameters()[2].ParameterType;
        var argument = bodyType.IsAssignableFrom(typeof(JsonObject)) ? body : System.Text.Json.JsonSerializer.Deserialize(body.ToJsonString(), bodyType);
        var task = (Task)method.Invoke(client, [app, form, argument])!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task);
    }

    private static string Show(object? value) => System.Text.Json.JsonSerializer.Serialize(value);
}
