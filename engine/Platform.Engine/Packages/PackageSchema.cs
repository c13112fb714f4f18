using System.Text.Json.Nodes;
using NJsonSchema;
using Platform.Engine.Validation;

namespace Platform.Engine.Packages;

/// <summary>
/// The JSON Schema of a package (<c>templates/schemas/package.schema.json</c>, built into the engine): the manifest's fields and
/// types, and each part an array of keyed objects. Checked on import after the parts' own, more precise checks; what it
/// still finds is named by its place.
/// </summary>
public static class PackageSchema
{
    private static readonly Lazy<Task<JsonSchema>> Schema = new(() =>
    {
        using var stream = typeof(PackageSchema).Assembly.GetManifestResourceStream("Platform.Engine.Packages.package.schema.json")!;
        return JsonSchema.FromJsonAsync(new StreamReader(stream).ReadToEnd());
    });

    public static async Task CheckAsync(JsonObject package)
    {
        var problems = (await Schema.Value).Validate(package.ToJsonString());
        if (problems.Count == 0) return;
        throw new ValidationFailedException(problems.SelectMany(Deepest).DistinctBy(p => (Place(p), p.Kind))
            .Select(p => new ValidationError(Place(p), "package.schema", p.Kind.ToString())).ToList());
    }

    /// <summary>An item that breaks its part's schema is named where inside it (<c>roles[0].permissions.c.actions[0]</c>), not as the whole item.</summary>
    private static IEnumerable<NJsonSchema.Validation.ValidationError> Deepest(NJsonSchema.Validation.ValidationError problem) =>
        problem is NJsonSchema.Validation.ChildSchemaValidationError { Errors.Count: > 0 } child
            ? child.Errors.Values.SelectMany(e => e).SelectMany(Deepest)
            : [problem];

    private static string Place(NJsonSchema.Validation.ValidationError problem) =>
        problem.Path?.TrimStart('#', '/') is { Length: > 0 } path ? path.Replace('/', '.') : "package";
}
