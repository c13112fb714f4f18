using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Platform.Engine.Validation;
using Platform.Runtime.Hosting;

namespace Platform.Runtime.Api;

/// <summary>
/// Reads a JSON body within the configured size and depth: a 50 MB body is refused from its
/// Content-Length before it is read, and a 10,000-deep document stops at the depth limit. A body must
/// say it is JSON, be UTF-8, and pass <see cref="JsonInputCheck"/> (no duplicate keys, no broken text,
/// no numbers beyond what any field holds).
/// </summary>
public static class RequestJson
{
    public static async Task<JsonElement> ReadAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<PlatformOptions>>().Value;
        if (!IsJson(context.Request.ContentType)) throw new UnsupportedMediaTypeException(context.Request.ContentType);
        var limit = options.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit) throw new RequestTooLargeException(limit);

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit) throw new RequestTooLargeException(limit);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new ValidationFailedException([new ValidationError("body", "json.invalid", "the body is empty")]);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span)) throw new ValidationFailedException([new ValidationError("body", "json.notUtf8")]);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth });
            root = document.RootElement.Clone();
        }
        catch (JsonException e) when (e.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationFailedException([new ValidationError("body", "json.tooDeep")]);
        }
        catch (JsonException e)
        {
            throw new ValidationFailedException([new ValidationError("body", "json.invalid", e.Message)]);
        }
        RequireValid(JsonInputCheck.Check(root));
        return root;
    }

    /// <summary>A definition's body with its key: the address's when left out, a 422 when it differs.</summary>
    public static async Task<JsonElement> KeyedAsync(HttpContext context, string key)
    {
        var body = await ReadAsync(context);
        if (body.ValueKind != JsonValueKind.Object) throw new DefinitionRejectedException([new("body", "type.object")]);
        var json = JsonNode.Parse(body.GetRawText())!.AsObject();
        json.Remove("version");
        json["key"] ??= key;
        if (json["key"] is not JsonValue keyValue || !keyValue.TryGetValue<string>(out var keyText) || keyText != key)
            throw new DefinitionRejectedException([new("key", "key.mismatch", json["key"]?.ToJsonString())]);
        return JsonSerializer.SerializeToElement(json);
    }

    /// <summary><c>application/json</c> or any <c>+json</c> type; anything else is refused with 415 rather than guessed at.</summary>
    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type) &&
        (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
         type.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Refuses the request with these errors, if there are any.</summary>
    public static void RequireValid(IReadOnlyList<ValidationError> errors)
    {
        if (errors.Count > 0) throw new ValidationFailedException(errors);
    }
}

/// <summary>A body sent as something other than JSON (415).</summary>
public sealed class UnsupportedMediaTypeException(string? contentType) : Exception($"Expected application/json, got {contentType ?? "no content type"}.")
{
    public string? ContentType { get; } = contentType;
}
