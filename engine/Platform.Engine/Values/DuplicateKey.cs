using System.Text;
using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Values;

/// <summary>
/// What a duplicate check (查重) compares: a value reduced to what makes it the same company, phone or address however it
/// was typed. Text loses case, full-width forms, spaces and punctuation, and a company's legal suffix (有限公司,
/// 有限责任公司, 股份有限公司, 集团, Co., Ltd., Inc., GmbH…), so 「杭州云杉科技有限公司」 and 「杭州 云杉科技」 are one
/// customer; a phone keeps its digits without China's country code (+86 138-0013-8000 is 13800138000); an email is trimmed
/// and in lower case. A value with nothing left is not compared (null).
/// </summary>
public static class DuplicateKey
{
    /// <summary>The longest key kept: a longer value is compared on its start.</summary>
    public const int MaxLength = 200;

    // Longest first: 有限责任公司 before 有限公司 before 公司.
    private static readonly string[] ChineseSuffixes = ["集团有限公司", "股份有限公司", "有限责任公司", "集团股份公司", "有限公司", "集团公司", "分公司", "总公司", "集团", "公司"];

    // Whole words at the end only: "costco" keeps its "co".
    private static readonly HashSet<string> LatinSuffixes = new(StringComparer.Ordinal)
    {
        "co", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "company", "llc", "gmbh", "plc", "pte", "group", "sa", "ag", "bv",
    };

    /// <summary>The key of <paramref name="value"/> for a field of <paramref name="field"/>'s type, or null when there is none to compare.</summary>
    public static string? Of(FieldDefinition field, object? value)
    {
        if (value is not string text || string.IsNullOrWhiteSpace(text)) return null;
        var key = field switch
        {
            PhoneField => Phone(text),
            EmailField => text.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant(),
            _ => Company(text),
        };
        if (key.Length == 0) return null;
        return key.Length > MaxLength ? key[..MaxLength] : key;
    }

    private static string Phone(string text)
    {
        var digits = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
            if (c is >= '0' and <= '9') digits.Append(c);
        var number = digits.ToString();
        if (number.StartsWith("0086", StringComparison.Ordinal)) number = number[4..];
        else if (number.Length == 13 && number.StartsWith("861", StringComparison.Ordinal)) number = number[2..];
        return number;
    }

    private static string Company(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var rune in text.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune)) word.Append(Rune.ToLowerInvariant(rune).ToString());
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0) words.Add(word.ToString());
        while (words.Count > 1 && LatinSuffixes.Contains(words[^1])) words.RemoveAt(words.Count - 1);
        var joined = string.Concat(words);
        for (var cut = true; cut && !ChineseSuffixes.Contains(joined);)
        {
            cut = false;
            foreach (var suffix in ChineseSuffixes)
            {
                if (joined.Length > suffix.Length && joined.EndsWith(suffix, StringComparison.Ordinal))
                {
                    joined = joined[..^suffix.Length];
                    cut = true;
                    break;
                }
            }
        }
        return joined;
    }
}
