using System.Collections.Frozen;
using System.Globalization;

namespace Platform.Engine.Forms;

/// <summary>
/// A table of the words a screen shows, each in English and Chinese, read in one of the two languages a user may choose
/// (<c>en</c> or <c>zh-CN</c>; any Chinese is <c>zh-CN</c>, anything else English). A word not in the table reads as its key.
/// </summary>
public abstract class WordTable(string culture, FrozenDictionary<string, (string En, string Zh)> words)
{
    /// <summary><c>en</c> or <c>zh-CN</c>.</summary>
    public string Culture { get; } = culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "en";

    public bool Chinese => Culture == "zh-CN";

    public CultureInfo CultureInfo => CultureInfo.GetCultureInfo(Culture);

    public string this[string key] => words.TryGetValue(key, out var word) ? Chinese ? word.Zh : word.En : key;

    /// <summary>Both languages of <paramref name="key"/>, or none when the table lacks it.</summary>
    protected (string En, string Zh)? Both(string key) => words.TryGetValue(key, out var word) ? word : null;
}
