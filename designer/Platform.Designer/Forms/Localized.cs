using System.Collections.Immutable;
using Platform.Engine.Forms;

namespace Platform.Designer.Forms;

/// <summary>Texts typed in the designer's two languages, as the definition keeps them.</summary>
public static class Localized
{
    /// <summary>Both languages (<c>{ "en": …, "zh-CN": … }</c>), one when the other is empty, none when both are.</summary>
    public static LocalizedText? Of(string? zh, string? en)
    {
        zh = zh?.Trim();
        en = en?.Trim();
        var parts = new List<KeyValuePair<string, string>>();
        if (!string.IsNullOrEmpty(en)) parts.Add(new("en", en));
        if (!string.IsNullOrEmpty(zh)) parts.Add(new("zh-CN", zh));
        return parts.Count == 0 ? null : new LocalizedText(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, parts));
    }

    /// <summary><paramref name="text"/> with its <paramref name="culture"/> part (<c>en</c> or <c>zh-CN</c>) set to <paramref name="value"/>.</summary>
    public static LocalizedText? With(LocalizedText? text, string culture, string? value) =>
        culture == "zh-CN" ? Of(value, Part(text, "en")) : Of(Part(text, "zh-CN"), value);

    /// <summary>What <paramref name="text"/> says in <paramref name="culture"/> as its box shows it: a text in no language fills both boxes.</summary>
    public static string Part(LocalizedText? text, string culture) => text?.Invariant ?? text?.ByCulture?.GetValueOrDefault(culture) ?? "";
}
