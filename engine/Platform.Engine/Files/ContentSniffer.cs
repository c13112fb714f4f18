using System.Text;

namespace Platform.Engine.Files;

/// <summary>
/// What a file is, read from its first bytes rather than its name or the type its uploader claimed: a page named
/// <c>photo.png</c> is text, and is never served as something a browser renders. Only raster images are shown inline.
/// </summary>
public static class ContentSniffer
{
    public const int HeaderBytes = 512;
    public const string Binary = "application/octet-stream";
    public const string Text = "text/plain; charset=utf-8";

    private static readonly (byte[] Magic, int Offset, string Type)[] Signatures =
    [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 0, "image/png"),
        ([0xFF, 0xD8, 0xFF], 0, "image/jpeg"),
        ("GIF87a"u8.ToArray(), 0, "image/gif"),
        ("GIF89a"u8.ToArray(), 0, "image/gif"),
        ("WEBP"u8.ToArray(), 8, "image/webp"),
        ("%PDF-"u8.ToArray(), 0, "application/pdf"),
        ([0x50, 0x4B, 0x03, 0x04], 0, "application/zip"),
        ([0x1F, 0x8B], 0, "application/gzip"),
    ];

    /// <summary>Office files are zips: the content says zip, and only then may the name say which kind.</summary>
    private static readonly Dictionary<string, string> ZipKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    };

    private static readonly HashSet<string> Inline = ["image/png", "image/jpeg", "image/gif", "image/webp"];

    public static string Sniff(ReadOnlySpan<byte> header, string name)
    {
        foreach (var (magic, offset, type) in Signatures)
            if (header.Length >= offset + magic.Length && header.Slice(offset, magic.Length).SequenceEqual(magic))
                return type == "image/webp" && !header.StartsWith("RIFF"u8) ? Binary
                    : type == "application/zip" && ZipKinds.TryGetValue(Path.GetExtension(name), out var office) ? office : type;
        return IsText(header) ? Text : Binary;
    }

    /// <summary>Whether a browser may show the file in the page (an image preview) rather than save it.</summary>
    public static bool ShownInline(string contentType) => Inline.Contains(contentType);

    public static bool IsImage(string? contentType) => contentType is not null && Inline.Contains(contentType);

    // UTF-8 without control characters but tabs and line ends; a sequence cut at the end of the header still counts.
    private static bool IsText(ReadOnlySpan<byte> header)
    {
        foreach (var b in header)
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D) || b == 0x7F) return false;
        var whole = header;
        for (var back = 1; back <= 3 && back <= header.Length; back++)
            if ((header[^back] & 0xC0) == 0xC0) { whole = header[..^back]; break; }
            else if ((header[^back] & 0x80) == 0) break;
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(whole);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
