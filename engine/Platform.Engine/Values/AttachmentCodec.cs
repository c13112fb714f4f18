using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Validation;

namespace Platform.Engine.Values;

/// <summary>A list of file descriptors <c>{ name, url, size?, contentType? }</c>, stored as JSON text.</summary>
public sealed class AttachmentCodec(int maxFiles) : FieldCodec
{
    private static readonly string[] Allowed = ["name", "url", "size", "contentType"];

    public override object? Read(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient = false)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        if (json.ValueKind != JsonValueKind.Array) return Fail(errors, path, "type.array");
        if (json.GetArrayLength() > maxFiles) return Fail(errors, path, "list.tooMany", maxFiles);
        var files = new JsonArray();
        foreach (var item in json.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object ||
                !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString()!.Length is 0 or > 1000 ||
                !item.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String || url.GetString()!.Length is 0 or > 4000 ||
                item.EnumerateObject().Any(p => !Allowed.Contains(p.Name)))
                return Fail(errors, path, "attachment.invalid");
            if (!IsSafeLink(url.GetString()!)) return Fail(errors, path, "attachment.url");
            files.Add(JsonNode.Parse(item.GetRawText()));
        }
        return files;
    }

    /// <summary>Only web addresses and the platform's own file links: a <c>javascript:</c> or <c>data:</c> link would run in whoever opens it.</summary>
    private static bool IsSafeLink(string url) =>
        url.StartsWith("/files/", StringComparison.Ordinal) && !url.Contains("..", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal)
        || Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;

    public override JsonNode? Write(object? value) => (value as JsonArray)?.DeepClone();

    public override object? ToStorage(object? value) => (value as JsonArray)?.ToJsonString();

    public override object? FromStorage(object? stored) => stored is string text ? JsonNode.Parse(text) as JsonArray : null;
}
