using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Engine.Forms;

/// <summary>
/// Text a user sees, either one string for every language or one per culture
/// (<c>{ "en": "Amount", "zh-CN": "金额" }</c>). Written back in the shape it was read.
/// </summary>
[JsonConverter(typeof(LocalizedTextConverter))]
public sealed record LocalizedText
{
    public LocalizedText(string text) => Invariant = text;

    public LocalizedText(ImmutableSortedDictionary<string, string> byCulture) => ByCulture = byCulture;

    public string? Invariant { get; }

    public ImmutableSortedDictionary<string, string>? ByCulture { get; }

    public IEnumerable<string> AllTexts => Invariant is not null ? [Invariant] : ByCulture!.Values;

    /// <summary>Picks the closest culture: exact, then parent ("zh" for "zh-CN"), then English, then any.</summary>
    public string Resolve(CultureInfo? culture = null)
    {
        if (Invariant is not null) return Invariant;
        var map = ByCulture!;
        for (var c = culture ?? CultureInfo.CurrentUICulture; !string.IsNullOrEmpty(c.Name); c = c.Parent)
        {
            if (map.TryGetValue(c.Name, out var exact)) return exact;
            var prefixed = map.FirstOrDefault(p => p.Key.StartsWith(c.Name + "-", StringComparison.OrdinalIgnoreCase));
            if (prefixed.Value is not null) return prefixed.Value;
        }
        return map.TryGetValue("en", out var en) ? en : map.Values.FirstOrDefault() ?? "";
    }

    public bool Equals(LocalizedText? other) =>
        other is not null && Invariant == other.Invariant &&
        (ByCulture is null ? other.ByCulture is null : other.ByCulture is not null && ByCulture.SequenceEqual(other.ByCulture));

    public override int GetHashCode() => Invariant?.GetHashCode() ?? ByCulture!.Count;

    public override string ToString() => Resolve(CultureInfo.InvariantCulture);

    public static implicit operator LocalizedText(string text) => new(text);
}

internal sealed class LocalizedTextConverter : JsonConverter<LocalizedText>
{
    public override LocalizedText? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new LocalizedText(reader.GetString()!);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("A text is a string or an object of culture → string.");
        var map = JsonSerializer.Deserialize<Dictionary<string, string>>(ref reader, options)!;
        return new LocalizedText(map.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    public override void Write(Utf8JsonWriter writer, LocalizedText value, JsonSerializerOptions options)
    {
        if (value.Invariant is not null)
        {
            writer.WriteStringValue(value.Invariant);
            return;
        }
        writer.WriteStartObject();
        foreach (var (culture, text) in value.ByCulture!) writer.WriteString(culture, text);
        writer.WriteEndObject();
    }
}
