using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Engine.Validation;

namespace Platform.Engine.Values;

/// <summary>Text with a length limit, an optional user pattern and an optional format check.</summary>
public sealed class TextCodec(int maxLength, string? pattern = null, Func<string, bool>? format = null, string? formatCode = null, bool writable = true)
    : FieldCodec
{
    // User patterns run with a time limit: a catastrophic pattern fails one value, not the server.
    private readonly Regex? _pattern = pattern is null ? null : new Regex($"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromMilliseconds(100));

    public int MaxLength => maxLength;

    public override bool TryFromScript(object? value, TimeZoneInfo zone, out object? result)
    {
        if (value is not string text || format is not null || _pattern is not null) return base.TryFromScript(value, zone, out result);
        result = null;
        return text.Length <= maxLength && Accept(text.Length == 0 ? null : text, out result);
    }

    public override bool IsWritable => writable;

    public override object? Read(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient = false)
    {
        string text;
        switch (json.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                text = json.GetString()!;
                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when lenient:
                text = json.GetRawText();
                break;
            default:
                return Fail(errors, path, "type.text");
        }
        if (text.Length == 0) return null;
        if (text.Length > maxLength) return Fail(errors, path, "text.tooLong", maxLength);
        if (format is not null && !format(text)) return Fail(errors, path, formatCode!);
        if (_pattern is not null)
        {
            try
            {
                if (!_pattern.IsMatch(text)) return Fail(errors, path, "text.pattern");
            }
            catch (RegexMatchTimeoutException)
            {
                return Fail(errors, path, "text.pattern");
            }
        }
        return text;
    }

    public override JsonNode? Write(object? value) => value is null ? null : JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture));

    public override void WriteTo(Utf8JsonWriter json, object? value)
    {
        if (value is not null) json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
        else json.WriteNullValue();
    }
}
