using System.Text;

namespace Platform.Engine.Sheets.Import;

/// <summary>
/// The encoding of a CSV file, from its first bytes: UTF-8 when it says so (a byte-order mark) or reads as valid UTF-8;
/// else what the charset detector (Ude) recognises, where any Chinese guess is read as GB18030 (a superset of GBK and
/// GB2312, what Excel on a Chinese Windows saves).
/// </summary>
public static class TextEncodings
{
    private const int Sample = 64 * 1024;

    static TextEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Detect(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new UTF8Encoding(false);
        var sample = start[..Math.Min(start.Length, Sample)];
        if (IsUtf8(sample)) return new UTF8Encoding(false);
        var detector = new Ude.CharsetDetector();
        var bytes = sample.ToArray();
        detector.Feed(bytes, 0, bytes.Length);
        detector.DataEnd();
        return detector.Charset?.ToUpperInvariant() switch
        {
            "BIG5" => Encoding.GetEncoding("big5"),
            "SHIFT-JIS" => Encoding.GetEncoding("shift_jis"),
            "WINDOWS-1252" or "ISO-8859-1" when !LooksChinese(bytes) => Encoding.GetEncoding(1252),
            _ => Encoding.GetEncoding("GB18030"),
        };
    }

    /// <summary>Whether the bytes decode as UTF-8 without a fault (a character cut at the sample's end is allowed).</summary>
    private static bool IsUtf8(ReadOnlySpan<byte> bytes)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        try
        {
            var chars = new char[bytes.Length];
            decoder.GetChars(bytes, chars, flush: false);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    // Bytes of GBK's double-byte range in pairs: Chinese text a single-byte guess would garble.
    private static bool LooksChinese(byte[] bytes) => bytes.Count(b => b >= 0x81) > bytes.Length / 10;
}
