using System.Text.Json;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;

namespace Platform.Runtime.Api;

/// <summary>A record filter given as JSON, in a query string (<c>?filter=</c>) or inside a body: its problems are a 400 at "filter".</summary>
public static class FilterParameter
{
    public static Filter? FromQuery(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return From(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new ValidationFailedException([new("filter", "json.invalid", e.Message)]);
        }
    }

    public static Filter? From(JsonElement json)
    {
        var errors = new List<ValidationError>();
        var filter = QueryJson.ReadFilter(json, errors);
        return errors.Count > 0 ? throw new ValidationFailedException(errors) : filter;
    }
}
