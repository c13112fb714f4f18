using Microsoft.AspNetCore.Http.Features;
using Platform.Engine.Validation;

namespace Platform.Runtime.Api;

/// <summary>
/// A multipart upload read within its own limit (a file's: an import's sheet, an attachment) instead of the API's body
/// limit, which every other body keeps; a declared length over it is refused before a byte is read.
/// </summary>
public static class Multipart
{
    public static async Task<IFormCollection> ReadAsync(HttpContext context, long limit, int valueCountLimit, TooLargeException tooLarge)
    {
        if (!context.Request.HasFormContentType) throw new UnsupportedMediaTypeException(context.Request.ContentType);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit) throw tooLarge;
        context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = limit, ValueCountLimit = valueCountLimit }));
        return await context.Request.ReadFormAsync(context.RequestAborted);
    }
}
