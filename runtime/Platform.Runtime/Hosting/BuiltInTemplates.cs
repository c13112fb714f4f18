using System.IO.Compression;
using System.Text.Json.Nodes;
using Platform.Engine.Packages;

namespace Platform.Runtime.Hosting;

/// <summary>
/// The template packages under <c>templates/</c>, built into the runtime as one resource per file. A template is read as
/// any uploaded package is (its files zipped, then read safely and checked), so the runtime's own go through the same door.
/// </summary>
public static class BuiltInTemplates
{
    private const string Prefix = "templates/";

    // Read once: each template's files, as the resource's own name (its folder separator as the build wrote it) and the file's.
    private static readonly Dictionary<string, List<(string Resource, string File)>> Resources = typeof(BuiltInTemplates).Assembly.GetManifestResourceNames()
        .Select(resource => (Resource: resource, Path: resource.Replace('\\', '/')))
        .Where(r => r.Path.StartsWith(Prefix, StringComparison.Ordinal))
        .GroupBy(r => r.Path[Prefix.Length..r.Path.LastIndexOf('/')])
        .ToDictionary(g => g.Key, g => g.Select(r => (r.Resource, r.Path[(r.Path.LastIndexOf('/') + 1)..])).ToList(), StringComparer.Ordinal);

    public static IReadOnlyList<string> Names => [.. Resources.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The package of template <paramref name="name"/> (<c>crm-lifecycle</c>); null when there is none by that name.</summary>
    public static JsonObject? Read(string name, PackageService packages)
    {
        if (!Resources.TryGetValue(name, out var files)) return null;
        using var zipped = new MemoryStream();
        using (var zip = new ZipArchive(zipped, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (resource, file) in files)
            {
                using var entry = zip.CreateEntry(file).Open();
                using var content = typeof(BuiltInTemplates).Assembly.GetManifestResourceStream(resource)!;
                content.CopyTo(entry);
            }
        }
        zipped.Position = 0;
        return packages.Read(zipped);
    }
}
