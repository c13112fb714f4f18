using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Workflows;

/// <summary>A formula's value as a record payload writes it into a field: numbers, text, true/false, dates, lists.</summary>
internal static class FormulaJson
{
    public static JsonNode? ToJson(object? value, FieldDefinition? field, TimeZoneInfo zone) => value switch
    {
        null => null,
        decimal number => JsonValue.Create(number),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        // A formula's times are wall-clock times in the zone it ran in; a date field keeps the day, a date-time field the instant.
        DateTime time when field is DateField => JsonValue.Create(time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        DateTime time => JsonValue.Create(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(time, DateTimeKind.Unspecified), zone)
            .ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
        System.Collections.IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(item => ToJson(item, null, zone))]),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
