using System.Text;

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

    /// <summary>The bigrams of each value, a list per value; empty values are left out.</summary>
    public static List<IReadOnlyList<string>> Document(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrEmpty(v))
            .Select(v => Bigrams(Normalize(v!.Length > MaxCharsPerField ? v[..MaxCharsPerField] : v)))
            .Where(b => b.Count > 0)
            .ToList();

    /// <summary>The bigrams of each word of a query (words are cut at spaces); words of one character are ignored.</summary>
    public static List<IReadOnlyList<string>> Words(string query) =>
        query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => Bigrams(Normalize(w))).Where(b => b.Count > 0).ToList();

    /// <summary>Letters and digits only, compatibility-folded (full-width １ is 1) and in lower case.</summary>
    public static string Normalize(string text)
    {
        // ASCII needs no folding; the rest is folded once (ICU), then read rune by rune without a string for each.
        var folded = System.Text.Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormKC);
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

    /// <summary>Each pair of neighbouring characters (a character beyond the first plane counts as one).</summary>
    private static IReadOnlyList<string> Bigrams(string normalized)
    {
        var pairs = new List<string>(Math.Max(0, normalized.Length - 1));
        var first = 0;
        while (first < normalized.Length)
        {
            var second = first + (char.IsHighSurrogate(normalized[first]) && first + 1 < normalized.Length ? 2 : 1);
            if (second >= normalized.Length) break;
            var end = second + (char.IsHighSurrogate(normalized[second]) && second + 1 < normalized.Length ? 2 : 1);
            pairs.Add(normalized[first..end]);
            first = second;
        }
        return pairs;
    }
}
