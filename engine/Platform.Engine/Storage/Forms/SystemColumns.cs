using Platform.Engine.Forms;

namespace Platform.Engine.Storage.Forms;

/// <summary>The columns every form table has, and the names records show them under.</summary>
public static class SystemColumns
{
    public static readonly ColumnDef[] Columns =
    [
        new("created_at", ColumnSpec.Instant, false),
        new("created_by", ColumnSpec.Id),
        new("updated_at", ColumnSpec.Instant, false),
        new("updated_by", ColumnSpec.Id),
        new("owner", ColumnSpec.Id),
        new("version", ColumnSpec.Id, false),
        new("deleted_at", ColumnSpec.Instant),
        new("deleted_by", ColumnSpec.Id),
    ];

    /// <summary>Record property name → column, for the system fields a record shows.</summary>
    public static readonly IReadOnlyDictionary<string, ColumnDef> ByProperty = new Dictionary<string, ColumnDef>(StringComparer.Ordinal)
    {
        [SystemFields.Id] = new("id", ColumnSpec.Id, false),
        [SystemFields.CreatedAt] = Columns[0],
        [SystemFields.CreatedBy] = Columns[1],
        [SystemFields.UpdatedAt] = Columns[2],
        [SystemFields.UpdatedBy] = Columns[3],
        [SystemFields.Owner] = Columns[4],
        [SystemFields.Version] = Columns[5],
        [SystemFields.DeletedAt] = Columns[6],
        [SystemFields.DeletedBy] = Columns[7],
    };

    public static readonly string[] IndexedColumns = ["created_at", "updated_at", "owner"];

    /// <summary>The system fields a form's own index may name beside its fields.</summary>
    public static readonly IReadOnlySet<string> Indexable = new HashSet<string>(StringComparer.Ordinal)
    {
        SystemFields.CreatedAt, SystemFields.CreatedBy, SystemFields.UpdatedAt, SystemFields.UpdatedBy, SystemFields.Owner,
    };
}
