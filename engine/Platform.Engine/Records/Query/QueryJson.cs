using System.Text.Json;
using Platform.Engine.Validation;

namespace Platform.Engine.Records.Query;

/// <summary>Reads the JSON query shape integrators send into a <see cref="QueryRequest"/>.</summary>
public static class QueryJson
{
    public const int MaxConditions = 200;

    public static QueryRequest Parse(JsonElement json)
    {
        var errors = new List<ValidationError>();
        if (json.ValueKind != JsonValueKind.Object) throw new ValidationFailedException([new("query", "type.object")]);
        var request = new QueryRequest();
        foreach (var property in json.EnumerateObject())
        {
            switch (property.Name)
            {
                case "filter":
                    request = request with { Filter = ReadFilter(property.Value, errors) };
                    break;
                case "sort":
                    request = request with { Sort = ParseSort(property.Value, errors) };
                    break;
                case "page":
                    request = ParsePage(request, property.Value, errors);
                    break;
                case "fields":
                    if (property.Value.ValueKind != JsonValueKind.Array || property.Value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                        errors.Add(new("fields", "type.array"));
                    else request = request with { Fields = property.Value.EnumerateArray().Select(e => e.GetString()!).ToList() };
                    break;
                case "count":
                    if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) request = request with { Count = property.Value.GetBoolean() };
                    else errors.Add(new("count", "type.boolean"));
                    break;
                case "search":
                    if (property.Value.ValueKind == JsonValueKind.String) request = request with { Search = property.Value.GetString() };
                    else if (property.Value.ValueKind != JsonValueKind.Null) errors.Add(new("search", "type.text"));
                    break;
                case "deleted":
                    if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) request = request with { Deleted = property.Value.GetBoolean() };
                    else errors.Add(new("deleted", "type.boolean"));
                    break;
                default:
                    errors.Add(new(property.Name, "unknownField", property.Name));
                    break;
            }
        }
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return request;
    }

    /// <summary>A whole filter (null for JSON null), refused past <see cref="MaxConditions"/> conditions; its problems added to <paramref name="errors"/>.</summary>
    public static Filter? ReadFilter(JsonElement json, List<ValidationError> errors)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        var count = 0;
        var filter = ParseFilter(json, errors, ref count);
        if (count > MaxConditions) errors.Add(new("filter", "filter.tooComplex", MaxConditions));
        return filter;
    }

    public static Filter? ParseFilter(JsonElement json, List<ValidationError> errors, ref int count)
    {
        if (++count > MaxConditions) return null;
        if (json.ValueKind != JsonValueKind.Object) return Invalid(errors);
        if (json.TryGetProperty("and", out var and) || json.TryGetProperty("or", out and))
        {
            var isAnd = json.TryGetProperty("and", out _);
            if (and.ValueKind != JsonValueKind.Array || CountProperties(json) != 1) return Invalid(errors);
            var items = new List<Filter>();
            foreach (var item in and.EnumerateArray())
                if (ParseFilter(item, errors, ref count) is { } parsed) items.Add(parsed);
            return isAnd ? new AndFilter(items) : new OrFilter(items);
        }
        if (json.TryGetProperty("not", out var not))
        {
            if (CountProperties(json) != 1) return Invalid(errors);
            return ParseFilter(not, errors, ref count) is { } inner ? new NotFilter(inner) : null;
        }
        if (json.TryGetProperty("field", out var field) && field.ValueKind == JsonValueKind.String &&
            json.TryGetProperty("op", out var op) && op.ValueKind == JsonValueKind.String &&
            json.EnumerateObject().All(p => p.Name is "field" or "op" or "value"))
        {
            return new Condition(field.GetString()!, op.GetString()!, json.TryGetProperty("value", out var value) ? value.Clone() : null);
        }
        return Invalid(errors);
    }

    private static int CountProperties(JsonElement json) => json.EnumerateObject().Count();

    private static Filter? Invalid(List<ValidationError> errors)
    {
        if (errors.All(e => e.Code != "filter.invalid")) errors.Add(new("filter", "filter.invalid"));
        return null;
    }

    private static List<SortKey> ParseSort(JsonElement json, List<ValidationError> errors)
    {
        var keys = new List<SortKey>();
        if (json.ValueKind != JsonValueKind.Array) { errors.Add(new("sort", "type.array")); return keys; }
        foreach (var item in json.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("field", out var field) && field.ValueKind == JsonValueKind.String &&
                (!item.TryGetProperty("dir", out var dir) || dir.ValueKind == JsonValueKind.String && dir.GetString() is "asc" or "desc") &&
                item.EnumerateObject().All(p => p.Name is "field" or "dir"))
                keys.Add(new SortKey(field.GetString()!, item.TryGetProperty("dir", out var d) && d.GetString() == "desc"));
            else
                errors.Add(new("sort", "sort.invalid", item.ValueKind == JsonValueKind.Object && item.TryGetProperty("field", out var f) ? f.ToString() : item.GetRawText()));
        }
        return keys;
    }

    private static QueryRequest ParsePage(QueryRequest request, JsonElement json, List<ValidationError> errors)
    {
        if (json.ValueKind != JsonValueKind.Object) { errors.Add(new("page", "type.object")); return request; }
        foreach (var property in json.EnumerateObject())
        {
            switch (property.Name)
            {
                case "size" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var size):
                    request = request with { PageSize = size };
                    break;
                case "after" when property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                    request = request with { After = property.Value.GetString() };
                    break;
                case "offset" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var offset) && offset >= 0:
                    request = request with { Offset = offset };
                    break;
                default:
                    errors.Add(new("page." + property.Name, "field.setting", property.Name, "size (number), after (cursor) or offset (number ≥ 0)"));
                    break;
            }
        }
        return request;
    }
}
