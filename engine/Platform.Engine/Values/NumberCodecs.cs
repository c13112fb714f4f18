using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Validation;

namespace Platform.Engine.Values;

/// <summary>Exact decimals, rounded half away from zero to the field's precision, as Excel rounds.</summary>
public sealed class DecimalCodec(int precision, decimal? min, decimal? max, bool writable = true) : FieldCodec
{
    public override bool IsWritable => writable;

    public override object? Read(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient = false)
    {
        decimal number;
        if (json.ValueKind == JsonValueKind.Null) return null;
        if (json.ValueKind == JsonValueKind.Number)
        {
            if (!json.TryGetDecimal(out number)) return Fail(errors, path, "number.range");
        }
        else if (lenient && json.ValueKind == JsonValueKind.String &&
                 decimal.TryParse(json.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out number))
        {
        }
        else if (lenient && json.ValueKind == JsonValueKind.String && json.GetString() is "")
        {
            return null;
        }
        else
        {
            return Fail(errors, path, "type.number");
        }
        number = Math.Round(number, precision, MidpointRounding.AwayFromZero);
        if (!FixedPoint.Fits(number, precision)) return Fail(errors, path, "number.fixedRange", FixedPoint.Limit(precision));
        if (min is { } low && number < low) return Fail(errors, path, "number.min", low);
        if (max is { } high && number > high) return Fail(errors, path, "number.max", high);
        return number;
    }

    public override JsonNode? Write(object? value) => value is null ? null : JsonValue.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture));

    public override void WriteTo(Utf8JsonWriter json, object? value)
    {
        if (value is not null) json.WriteNumberValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
        else json.WriteNullValue();
    }

    public override bool TryFromScript(object? value, TimeZoneInfo zone, out object? result)
    {
        if (value is not decimal number) return base.TryFromScript(value, zone, out result);
        number = Math.Round(number, precision, MidpointRounding.AwayFromZero);
        result = null;
        return FixedPoint.Fits(number, precision) && (min is not { } low || number >= low) && (max is not { } high || number <= high) && Accept(number, out result);
    }
}

/// <summary>Whole numbers in a range (ratings).</summary>
public sealed class IntegerCodec(long min, long max) : FieldCodec
{
    public override object? Read(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient = false)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        long number;
        if (json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out number)) { }
        else if (lenient && json.ValueKind == JsonValueKind.String && long.TryParse(json.GetString(), CultureInfo.InvariantCulture, out number)) { }
        else if (lenient && json.ValueKind == JsonValueKind.Number && json.TryGetDecimal(out var d) && d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue) number = (long)d;
        else return Fail(errors, path, "type.integer");
        if (number < min) return Fail(errors, path, "number.min", min);
        if (number > max) return Fail(errors, path, "number.max", max);
        return number;
    }

    public override JsonNode? Write(object? value) => value is null ? null : JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));

    public override void WriteTo(Utf8JsonWriter json, object? value)
    {
        if (value is not null) json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
        else json.WriteNullValue();
    }
}

public sealed class BooleanCodec(bool writable = true) : FieldCodec
{
    public override bool IsWritable => writable;

    public override object? Read(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient = false) => json.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when lenient && bool.TryParse(json.GetString(), out var flag) => flag,
        _ => Fail(errors, path, "type.boolean"),
    };

    public override bool TryFromScript(object? value, TimeZoneInfo zone, out object? result) =>
        value is bool ? Accept(value, out result) : base.TryFromScript(value, zone, out result);

    public override JsonNode? Write(object? value) => value is null ? null : JsonValue.Create((bool)value);

    public override void WriteTo(Utf8JsonWriter json, object? value)
    {
        if (value is bool flag) json.WriteBooleanValue(flag);
        else json.WriteNullValue();
    }
}
