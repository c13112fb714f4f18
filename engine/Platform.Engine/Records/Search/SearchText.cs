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
        var folded = text.Normalize(NormalizationForm.FormKC);
        var kept = new StringBuilder(folded.Length);
        foreach (var rune in folded.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune)) kept.Append(Rune.ToLowerInvariant(rune).ToString());
        }
        return kept.ToString();
    }

    private static IReadOnlyList<string> Bigrams(string normalized)
    {
        var runes = normalized.EnumerateRunes().Select(r => r.ToString()).ToList();
        var pairs = new List<string>(Math.Max(0, runes.Count - 1));
        for (var i = 0; i + 1 < runes.Count; i++) pairs.Add(string.Concat(runes[i], runes[i + 1]));
        return pairs;
    }
}
