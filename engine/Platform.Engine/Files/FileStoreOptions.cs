namespace Platform.Engine.Files;

/// <summary>Where uploaded files are kept and how large one may be (<c>Platform:Files:MaxFileBytes</c>).</summary>
public sealed class FileStoreOptions
{
    /// <summary>The folder of the file store; the runtime puts it under its data directory (<c>{data}/files</c>).</summary>
    public string Directory { get; set; } = "files";

    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;
}
