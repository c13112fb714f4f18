using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Validation;

namespace Platform.Engine.Packages;

/// <summary>
/// A package as a file: one JSON document, or a <c>.zip</c> with <c>manifest.json</c> and one <c>&lt;part&gt;.json</c> per part.
/// Reading is safe: a zip may hold only those names (no folders, so no path can climb out: <c>../</c>, absolute paths and
/// links are refused), at most a few entries, each and all together within a size once unzipped and no more tightly packed
/// than real JSON (a zip bomb), every JSON document within a depth; everything refused is named.
/// </summary>
public static class PackageFile
{
    public const long MaxBytes = 50L * 1024 * 1024;
    public const int MaxDepth = 64;
    private const int MaxEntries = 32;
    private const int MaxRatio = 200;

    /// <summary>The package in <paramref name="file"/>: a zip (by its first bytes) or JSON.</summary>
    public static JsonObject Read(Stream file, IReadOnlyCollection<string> parts)
    {
        Span<byte> start = stackalloc byte[4];
        var read = file.ReadAtLeast(start, 4, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 4 && start[0] == (byte)'P' && start[1] == (byte)'K' ? ReadZip(file, parts) : Parse(file, "package");
    }

    public static void WriteZip(JsonObject package, Stream output)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, node) in package)
        {
            using var entry = zip.CreateEntry(name + ".json", CompressionLevel.Optimal).Open();
            using var writer = new Utf8JsonWriter(entry, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            (node ?? new JsonArray()).WriteTo(writer);
        }
    }

    private static JsonObject ReadZip(Stream file, IReadOnlyCollection<string> parts)
    {
        var allowed = parts.Append("manifest").ToHashSet(StringComparer.Ordinal);
        var package = new JsonObject();
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxEntries) throw Refused("package", "package.zipBomb");
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName;
                // A link (a Unix symlink's mode in the entry's attributes) or a path anywhere but the top is refused outright.
                if ((entry.ExternalAttributes >> 16 & 0xF000) == 0xA000) throw Refused(name, "package.link");
                if (name.Contains('/') || name.Contains('\\') || name.Contains("..") || !name.EndsWith(".json", StringComparison.Ordinal))
                    throw Refused(name, "package.path");
                var part = name[..^".json".Length];
                if (!allowed.Contains(part)) throw Refused(name, "package.unknownPart", part);
                total += entry.Length;
                if (entry.Length > MaxBytes || total > MaxBytes || entry.Length > 1024 * 1024 && entry.Length > MaxRatio * Math.Max(1, entry.CompressedLength))
                    throw Refused(name, "package.zipBomb");
                using var stream = entry.Open();
                using var bounded = new MemoryStream();
                // The declared size may lie: never read more than it said.
                CopyAtMost(stream, bounded, entry.Length + 1);
                if (bounded.Length > entry.Length) throw Refused(name, "package.zipBomb");
                bounded.Position = 0;
                package[part] = part == "manifest" ? Parse(bounded, name) : ParseArray(bounded, name);
            }
        }
        catch (InvalidDataException)
        {
            throw Refused("package", "package.unreadable");
        }
        if (package["manifest"] is null) throw Refused("manifest.json", "required");
        var ordered = new JsonObject { ["manifest"] = package["manifest"]!.DeepClone() };
        foreach (var part in parts.Where(p => package[p] is not null)) ordered[part] = package[part]!.DeepClone();
        return ordered;
    }

    private static void CopyAtMost(Stream from, Stream to, long most)
    {
        var buffer = new byte[81920];
        int read;
        while (most > 0 && (read = from.Read(buffer, 0, (int)Math.Min(buffer.Length, most))) > 0)
        {
            to.Write(buffer, 0, read);
            most -= read;
        }
    }

    private static JsonObject Parse(Stream stream, string name) =>
        Node(stream, name) as JsonObject ?? throw Refused(name, "type.object");

    private static JsonArray ParseArray(Stream stream, string name) =>
        Node(stream, name) as JsonArray ?? throw Refused(name, "type.array");

    private static JsonNode? Node(Stream stream, string name)
    {
        if (stream.CanSeek && stream.Length > MaxBytes) throw Refused(name, "package.tooLarge", MaxBytes / (1024 * 1024));
        try
        {
            return JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            throw e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) ? Refused(name, "package.tooDeep", MaxDepth) : Refused(name, "json.invalid", e.Message);
        }
        catch (DecoderFallbackException)
        {
            throw Refused(name, "json.notUtf8");
        }
    }

    private static ValidationFailedException Refused(string where, string code, params object?[] args) => new([new ValidationError(where, code, args)]);
}
