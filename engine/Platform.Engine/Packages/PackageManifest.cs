using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Engine.Forms;
using Platform.Engine.Validation;

namespace Platform.Engine.Packages;

/// <summary>
/// What a package says of itself: its key (the app it installs as), names in each language, a semantic version, what it
/// is, who made it, the platform versions it runs on, and how many of each part it holds.
/// </summary>
public sealed partial record PackageManifest(string Key, JsonNode Name, string Version, string? Description, string? Author, string Platform)
{
    /// <summary>The format of packages this platform reads and writes.</summary>
    public const int Format = 1;

    public const string PlatformVersions = ">=0.1";

    public JsonObject ToJson(IReadOnlyDictionary<string, int> contents) => new()
    {
        ["format"] = Format, ["key"] = Key, ["name"] = Name.DeepClone(), ["version"] = Version, ["description"] = Description, ["author"] = Author,
        ["platform"] = Platform, ["contents"] = new JsonObject(contents.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
    };

    /// <summary>Reads and checks a manifest: every problem named at its place (<c>manifest.version</c>), in English and Chinese.</summary>
    public static PackageManifest Read(JsonNode? node)
    {
        var errors = new List<ValidationError>();
        if (node is not JsonObject manifest) throw new ValidationFailedException([new("manifest", "required")]);
        if (manifest["format"] is not JsonValue format || !format.TryGetValue<int>(out var number) || number != Format)
            errors.Add(new("manifest.format", "package.format", Format));
        var key = Text(manifest, "key");
        if (key is null || !FormKeys.IsValid(key)) errors.Add(new("manifest.key", "key.invalid"));
        var version = Text(manifest, "version");
        if (version is null || !SemanticVersion().IsMatch(version)) errors.Add(new("manifest.version", "package.version", version));
        if (manifest["name"] is not (JsonValue or JsonObject)) errors.Add(new("manifest.name", "required"));
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return new PackageManifest(key!, manifest["name"]!.DeepClone(), version!, Text(manifest, "description"), Text(manifest, "author"),
            Text(manifest, "platform") ?? PlatformVersions);
    }

    private static string? Text(JsonObject json, string name) => json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemanticVersion();
}
