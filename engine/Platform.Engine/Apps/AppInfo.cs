using Platform.Engine.Forms;

namespace Platform.Engine.Apps;

/// <summary>An app: a named group of forms.</summary>
public sealed record AppInfo(string Key, LocalizedText? Name, string? Description, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>A form as listed: its key, name and published version.</summary>
public sealed record FormInfo(string Key, LocalizedText? Name, int Version, int FieldCount, DateTime UpdatedAt);

/// <summary>One published version of a form.</summary>
public sealed record FormVersionInfo(int Version, DateTime PublishedAt, long? PublishedBy);

/// <summary>What publishing did (or, in a dry run, would do).</summary>
/// <param name="FormulasChanged">A formula was added or changed: existing records need recomputing (<c>RecordService.RecomputeAllAsync</c>).</param>
public sealed record PublishResult(bool DryRun, int Version, Storage.Forms.MigrationPlan Plan, bool FormulasChanged = false);
