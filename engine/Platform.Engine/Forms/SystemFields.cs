namespace Platform.Engine.Forms;

/// <summary>
/// The properties every record has beside its fields, in the order records show them. This is the one
/// list: storage maps them to columns, queries filter and sort on them, payloads and schemas treat them
/// as read-only (but <see cref="Owner"/> and <see cref="Version"/>), and no field may take their names.
/// </summary>
public static class SystemFields
{
    public const string Id = "id";
    public const string Version = "version";
    public const string CreatedAt = "createdAt";
    public const string CreatedBy = "createdBy";
    public const string UpdatedAt = "updatedAt";
    public const string UpdatedBy = "updatedBy";
    public const string Owner = "owner";
    public const string DeletedAt = "deletedAt";
    public const string DeletedBy = "deletedBy";

    /// <summary>In a write's answer only: what the write warned of. Ignored when sent back.</summary>
    public const string Warnings = "warnings";

    public static readonly IReadOnlyList<string> All = [Id, Version, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, Owner, DeletedAt, DeletedBy];

    /// <summary>The system fields a payload may set.</summary>
    public static readonly IReadOnlySet<string> Writable = new HashSet<string>(StringComparer.Ordinal) { Owner, Version };

    /// <summary>The system fields that hold a user id (<c>"me"</c> works in their filters).</summary>
    public static readonly IReadOnlySet<string> UserIds = new HashSet<string>(StringComparer.Ordinal) { CreatedBy, UpdatedBy, Owner, DeletedBy };

    /// <summary>Names an answer may carry besides fields: every system field and <see cref="Warnings"/>.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>([.. All, Warnings], StringComparer.Ordinal);
}
