using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Validation;

namespace Platform.Engine.Values;

/// <summary>
/// How one field's values move between JSON, the engine's CLR values and the database.
/// CLR values: string, decimal, long, bool, DateOnly, DateTime (UTC), lists of string or long,
/// JsonArray (attachments) and lists of rows (subforms).
/// </summary>
public abstract class FieldCodec
{
    /// <summary>Reads a JSON value, adding errors under <paramref name="path"/>. Lenient reading, used when a
    /// field changes type, also accepts text for numbers and dates and anything for text.</summary>
    public abstract object? Read(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient = false);

    public abstract JsonNode? Write(object? value);

    /// <summary>
    /// Writes the value as <see cref="Write"/> gives it, straight to <paramref name="json"/>: a page of records is written
    /// without a node for each value. Codecs of plain values write it themselves; the rest go through their node.
    /// </summary>
    public virtual void WriteTo(Utf8JsonWriter json, object? value)
    {
        if (Write(value) is { } node) node.WriteTo(json);
        else json.WriteNullValue();
    }

    /// <summary>A list value as a JSON array, each item written by <paramref name="item"/>; anything else as null.</summary>
    protected static void WriteList<T>(Utf8JsonWriter json, object? value, Action<Utf8JsonWriter, T> item)
    {
        if (value is not IEnumerable<T> items)
        {
            json.WriteNullValue();
            return;
        }
        json.WriteStartArray();
        foreach (var one in items) item(json, one);
        json.WriteEndArray();
    }

    /// <summary>False for values the engine computes (formula, autonumber): payloads cannot set them.</summary>
    public virtual bool IsWritable => true;

    public virtual bool IsEmpty(object? value) => value is null or string { Length: 0 } or ICollection { Count: 0 };

    /// <summary>The value as the database column holds it (before the dialect's own conversion).</summary>
    public virtual object? ToStorage(object? value) => value;

    public virtual object? FromStorage(object? stored) => stored;

    /// <summary>
    /// Takes a formula's result (decimal, string, bool, a wall-clock DateTime in <paramref name="zone"/>, a list, or
    /// null) as a value of this field; false when it cannot hold it. Codecs that formulas feed override this to skip
    /// the JSON round trip every other caller goes through.
    /// </summary>
    public virtual bool TryFromScript(object? value, TimeZoneInfo zone, out object? result)
    {
        var problems = new List<ValidationError>();
        result = Read(System.Text.Json.JsonSerializer.SerializeToElement(Scripting.ScriptValues.ToNode(value, zone)), "", problems, lenient: true);
        return problems.Count == 0;
    }

    protected static bool Accept(object? value, out object? result)
    {
        result = value;
        return true;
    }

    /// <summary>Values compare equal when their JSON is equal; used to find what an update really changed.</summary>
    public bool AreEqual(object? a, object? b) =>
        IsEmpty(a) && IsEmpty(b) || JsonNode.DeepEquals(Write(a), Write(b));

    protected static object? Fail(ICollection<ValidationError> errors, string path, string code, params object?[] args)
    {
        errors.Add(new ValidationError(path, code, args));
        return null;
    }
}
