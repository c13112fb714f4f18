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
        ["id"] = new("id", ColumnSpec.Id, false),
        ["createdAt"] = Columns[0],
        ["createdBy"] = Columns[1],
        ["updatedAt"] = Columns[2],
        ["updatedBy"] = Columns[3],
        ["owner"] = Columns[4],
        ["version"] = Columns[5],
        ["deletedAt"] = Columns[6],
        ["deletedBy"] = Columns[7],
    };

    public static readonly string[] IndexedColumns = ["created_at", "updated_at", "owner"];
}
