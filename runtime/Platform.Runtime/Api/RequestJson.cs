using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Engine.Validation;
using Platform.Runtime.Hosting;

namespace Platform.Runtime.Api;

/// <summary>
/// Reads a JSON body within the configured size and depth: a 50 MB body is refused from its
/// Content-Length before it is read, and a 10,000-deep document stops at the depth limit.
/// </summary>
public static class RequestJson
{
    public static async Task<JsonElement> ReadAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<PlatformOptions>>().Value;
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
        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length),
                new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth });
            return document.RootElement.Clone();
        }
        catch (JsonException e) when (e.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationFailedException([new ValidationError("body", "json.tooDeep")]);
        }
        catch (JsonException e)
        {
            throw new ValidationFailedException([new ValidationError("body", "json.invalid", e.Message)]);
        }
    }

    /// <summary>Refuses the request with these errors, if there are any.</summary>
    public static void RequireValid(IReadOnlyList<ValidationError> errors)
    {
        if (errors.Count > 0) throw new ValidationFailedException(errors);
    }
}
