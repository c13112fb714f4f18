namespace Platform.Engine.Files;

/// <summary>
/// An uploaded file as an attachment field stores it: its name as uploaded, its link (<c>/files/{sha-256}</c>), its size and
/// the content type read from its first bytes.
/// </summary>
public sealed record StoredFile(string Name, string Url, long Size, string ContentType);

/// <summary>A file opened to be sent: served inline only when a browser would show it and run nothing (a raster image).</summary>
public sealed record FileDownload(Stream Content, string Name, long Size, string ContentType, bool Inline) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
