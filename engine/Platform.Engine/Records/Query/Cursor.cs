using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Engine.Records.Query;

/// <summary>
/// A keyset cursor: the sort values and id of the last row of a page, and the sort it belongs to,
/// so a cursor from another sort is refused rather than silently skipping rows.
/// </summary>
internal static class Cursor
{
    public static string Encode(string signature, IEnumerable<JsonNode?> values, long id)
    {
        var json = new JsonObject { ["s"] = signature, ["v"] = new JsonArray(values.ToArray()), ["id"] = id };
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    public static (JsonElement[] Values, long Id)? Decode(string cursor, string signature)
    {
        try
        {
            if (cursor.Length > 8000) return null;
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor));
            var root = document.RootElement;
            if (root.GetProperty("s").GetString() != signature) return null;
            return (root.GetProperty("v").EnumerateArray().Select(v => v.Clone()).ToArray(), root.GetProperty("id").GetInt64());
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
