using System.Text.Json;

namespace Platform.Engine.Validation;

/// <summary>
/// What no part of the platform can take from a JSON document, found in one pass before anything
/// reads it: a key twice in one object (readers would silently keep the last), text that is not
/// valid Unicode (a lone surrogate such as <c>"\ud800"</c>), and numbers no field or id can hold
/// (integers beyond 64 bits, numbers beyond a double). Each is named by its place: <c>tags[1]</c>, <c>fields[0].type</c>.
/// </summary>
public static class JsonInputCheck
{
    public static IReadOnlyList<ValidationError> Check(JsonElement root)
    {
        var errors = new List<ValidationError>();
        Visit(root, "", errors);
        return errors;
    }

    private static void Visit(JsonElement element, string path, List<ValidationError> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        errors.Add(new(Place(path), "json.invalidText"));
                        continue;
                    }
                    var child = path.Length == 0 ? name : path + "." + name;
                    if (!seen.Add(name)) errors.Add(new(child, "json.duplicateKey", name));
                    Visit(property.Value, child, errors);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) Visit(item, $"{path}[{index++}]", errors);
                break;
            case JsonValueKind.String:
                try
                {
                    _ = element.GetString();
                }
                catch (InvalidOperationException)
                {
                    errors.Add(new(Place(path), "json.invalidText"));
                }
                break;
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                var integer = raw.AsSpan().IndexOfAny(".eE") < 0;
                if (integer ? !element.TryGetInt64(out _) : !element.TryGetDouble(out var d) || !double.IsFinite(d))
                    errors.Add(new(Place(path), "number.range"));
                break;
        }
    }

    private static string Place(string path) => path.Length == 0 ? "body" : path;
}
