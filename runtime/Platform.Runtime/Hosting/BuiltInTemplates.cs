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

    private static Dictionary<string, List<string>> Resources => typeof(BuiltInTemplates).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
        .Select(n => n.Replace('\\', '/'))
        .GroupBy(n => n[Prefix.Length..n.LastIndexOf('/')])
        .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    public static IReadOnlyList<string> Names => [.. Resources.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The package of template <paramref name="name"/> (<c>crm-lifecycle</c>); null when there is none by that name.</summary>
    public static JsonObject? Read(string name, PackageService packages)
    {
        if (!Resources.TryGetValue(name, out var files)) return null;
        using var zipped = new MemoryStream();
        using (var zip = new ZipArchive(zipped, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files)
            {
                using var entry = zip.CreateEntry(file[(file.LastIndexOf('/') + 1)..]).Open();
                using var resource = typeof(BuiltInTemplates).Assembly.GetManifestResourceStream(ResourceName(file))!;
                resource.CopyTo(entry);
            }
        }
        zipped.Position = 0;
        return packages.Read(zipped);
    }

    private static string ResourceName(string normalized) =>
        typeof(BuiltInTemplates).Assembly.GetManifestResourceNames().First(n => n.Replace('\\', '/') == normalized);
}
