using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Validation;

namespace Platform.Engine.Values;

/// <summary>A subform row: its fields' values by key.</summary>
public sealed class SubformRow : Dictionary<string, object?>
{
    public SubformRow() : base(StringComparer.Ordinal) { }
}

/// <summary>Detail rows; each row is read with the subform's own field codecs.</summary>
/// <remarks>
/// A generated column (an autonumber) is not written by the caller, but a number sent back with its row
/// is read, so that the write can keep the numbers of the rows it already had.
/// </remarks>
public sealed class SubformCodec(IReadOnlyDictionary<string, FieldCodec> fields, IReadOnlySet<string>? generated = null) : FieldCodec
{
    public const int MaxRows = 1000;

    public IReadOnlyDictionary<string, FieldCodec> Fields => fields;

    public override object? Read(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient = false)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        if (json.ValueKind != JsonValueKind.Array) return Fail(errors, path, "type.array");
        if (json.GetArrayLength() > MaxRows) return Fail(errors, path, "list.tooMany", MaxRows);
        var rows = new List<SubformRow>();
        var index = 0;
        foreach (var item in json.EnumerateArray())
        {
            var rowPath = $"{path}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                Fail(errors, rowPath, "type.object");
                continue;
            }
            var row = new SubformRow();
            foreach (var property in item.EnumerateObject())
            {
                if (property.Name == "id") continue; // rows are replaced as a whole; their ids are not kept
                if (!fields.TryGetValue(property.Name, out var codec))
                    Fail(errors, rowPath, "unknownField", property.Name);
                else if (codec.IsWritable)
                    row[property.Name] = codec.Read(property.Value, $"{rowPath}.{property.Name}", errors, lenient);
                else if (generated?.Contains(property.Name) == true && property.Value.ValueKind == JsonValueKind.String)
                    row[property.Name] = property.Value.GetString();
            }
            rows.Add(row);
        }
        return rows;
    }

    public override JsonNode? Write(object? value)
    {
        if (value is not IEnumerable<SubformRow> rows) return null;
        var array = new JsonArray();
        foreach (var row in rows)
        {
            var json = new JsonObject();
            foreach (var (key, codec) in fields) json[key] = codec.Write(row.GetValueOrDefault(key));
            array.Add(json);
        }
        return array;
    }
}
