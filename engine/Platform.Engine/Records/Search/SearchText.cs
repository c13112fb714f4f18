using System.Text;
using Platform.Engine.Storage.Dialects;

namespace Platform.Engine.Records.Search;

/// <summary>
/// How quick search reads text: a field's value as its letters and digits (full-width folded, lower case,
/// spaces and punctuation dropped), cut into overlapping pairs of characters (bigrams). A search finds the
/// records holding its words' pairs in a row, so a two-character Chinese word (华为) or any run of a phone
/// number's digits (1234) is found without a scan: trigram indexes need three characters, and Chinese has
/// no spaces to cut words at.
/// </summary>
public static class SearchText
{
    /// <summary>A longer value is indexed up to here (the start of a long note is what people search for).</summary>
    public const int MaxCharsPerField = 500;

    public const int MaxQueryLength = 100;

    /// <summary>
    /// Each value normalized, in order; values without a pair (empty, one character, no letters or digits) are left out.
    /// A dialect writes its search document from these and their pairs (<see cref="Bigrams"/>).
    /// </summary>
    public static List<string> Document(IEnumerable<string?> values)
    {
        var kept = new List<string>();
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value)) continue;
            var normalized = Normalize(value.Length > MaxCharsPerField ? value[..MaxCharsPerField] : value);
            if (Bigrams.Any(normalized)) kept.Add(normalized);
        }
        return kept;
    }

    /// <summary>The bigrams of each word of a query (words are cut at spaces); words of one character are ignored.</summary>
    public static List<IReadOnlyList<string>> Words(string query) =>
        query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => (IReadOnlyList<string>)Pairs(Normalize(w))).Where(b => b.Count > 0).ToList();

    /// <summary>Letters and digits only, compatibility-folded (full-width １ is 1) and in lower case.</summary>
    public static string Normalize(string text)
    {
        if (System.Text.Ascii.IsValid(text)) return NormalizeAscii(text);
        // Beyond ASCII, the text is folded once (ICU), then read rune by rune without a string for each.
        var folded = text.Normalize(NormalizationForm.FormKC);
        var kept = new StringBuilder(folded.Length);
        Span<char> buffer = stackalloc char[2];
        foreach (var rune in folded.EnumerateRunes())
        {
            if (!Rune.IsLetterOrDigit(rune)) continue;
            var written = Rune.ToLowerInvariant(rune).EncodeToUtf16(buffer);
            kept.Append(buffer[..written]);
        }
        return kept.ToString();
    }

    // ASCII needs no folding: its letters and digits are [A-Za-z0-9], kept in lower case (the text itself when it is already so).
    private static string NormalizeAscii(string text)
    {
        var kept = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
        var count = 0;
        foreach (var c in text)
            if (char.IsAsciiLetterOrDigit(c)) kept[count++] = char.ToLowerInvariant(c);
        var result = kept[..count];
        return result.SequenceEqual(text) ? text : new string(result);
    }

    /// <summary>Each pair of neighbouring characters (a character beyond the first plane counts as one).</summary>
    public static List<string> Pairs(string normalized)
    {
        var pairs = new List<string>(Math.Max(0, normalized.Length - 1));
        foreach (var (start, length) in Bigrams.Ranges(normalized)) pairs.Add(normalized.Substring(start, length));
        return pairs;
    }
}
