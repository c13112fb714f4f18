using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Validation;

namespace Platform.Engine.Values;

/// <summary>A calendar date written as <c>yyyy-MM-dd</c>.</summary>
public sealed class DateCodec(bool writable = true) : FieldCodec
{
    public override bool IsWritable => writable;

    public override object? Read(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient = false)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        if (json.ValueKind != JsonValueKind.String) return Fail(errors, path, "type.date");
        var text = json.GetString()!;
        if (lenient && text.Length == 0) return null;
        if (IsoText.TryDate(text, out var date)) return date;
        // A formula's date comes as the wall-clock midnight with the user's offset: its date part is the date meant.
        if (lenient && text.Length > 10 && text[10] == 'T' && IsoText.TryDate(text[..10], out date)) return date;
        if (lenient && DateTimeCodec.TryParse(text, out var instant)) return DateOnly.FromDateTime(instant);
        return Fail(errors, path, "type.date");
    }

    public override JsonNode? Write(object? value) =>
        value is DateOnly date ? JsonValue.Create(IsoText.Date(date)) : null;

    public override void WriteTo(Utf8JsonWriter json, object? value)
    {
        if (value is DateOnly date) json.WriteStringValue(IsoText.Date(date));
        else json.WriteNullValue();
    }

    /// <summary>A formula's date is wall-clock time in the user's zone: its date part is the date meant.</summary>
    public override bool TryFromScript(object? value, TimeZoneInfo zone, out object? result) =>
        value is DateTime wall ? Accept(DateOnly.FromDateTime(wall), out result) : base.TryFromScript(value, zone, out result);
}

/// <summary>An instant in ISO 8601. A time without an offset is taken as UTC; values are kept in UTC.</summary>
public sealed class DateTimeCodec(bool writable = true) : FieldCodec
{
    public override bool IsWritable => writable;

    public override object? Read(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient = false)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        if (json.ValueKind != JsonValueKind.String) return Fail(errors, path, "type.datetime");
        var text = json.GetString()!;
        if (lenient && text.Length == 0) return null;
        if (TryParse(text, out var instant)) return instant;
        if (lenient && IsoText.TryDate(text, out var date))
            return date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return Fail(errors, path, "type.datetime");
    }

    public override JsonNode? Write(object? value) =>
        value is DateTime instant ? JsonValue.Create(Format(instant)) : null;

    public override void WriteTo(Utf8JsonWriter json, object? value)
    {
        if (value is DateTime instant) json.WriteStringValue(Format(instant));
        else json.WriteNullValue();
    }

    /// <summary>A formula's time is wall-clock time in the user's zone; it is stored as the instant it names.</summary>
    public override bool TryFromScript(object? value, TimeZoneInfo zone, out object? result) =>
        value is DateTime wall
            ? Accept(DateTime.SpecifyKind(wall - zone.GetUtcOffset(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified)), DateTimeKind.Utc), out result)
            : base.TryFromScript(value, zone, out result);

    public static string Format(DateTime instant) => IsoText.Instant(instant);

    internal static bool TryParse(string text, out DateTime instant)
    {
        // Only ISO 8601 ('T' separated, a date part of fixed width): no culture-dependent guessing.
        if (text.Length >= 16 && text[10] == 'T' &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            instant = parsed.UtcDateTime;
            return true;
        }
        instant = default;
        return false;
    }
}
