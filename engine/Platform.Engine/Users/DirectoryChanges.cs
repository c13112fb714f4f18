namespace Platform.Engine.Users;

/// <summary>
/// Counts changes to roles, memberships and permissions made in this process, so rights computed before a change are
/// not used after it. Changes made by another process (the CLI, another node) are seen within <see cref="AccessResolver.MaxAge"/>.
/// </summary>
public sealed class DirectoryChanges
{
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public void Changed() => Interlocked.Increment(ref _version);
}
