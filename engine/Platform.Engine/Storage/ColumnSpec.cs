namespace Platform.Engine.Storage;

/// <summary>The storage kinds a column can have; each dialect maps them to its own SQL types.</summary>
public enum ColumnType
{
    Text,
    Decimal,
    Integer,
    Boolean,
    Date,
    DateTime,
    Json,

    /// <summary>A number of fixed precision, stored as a 64-bit integer of minor units (see <see cref="Values.FixedPoint"/>).</summary>
    Fixed,

    /// <summary>Raw bytes: an uploaded file's parts.</summary>
    Bytes,
}

/// <summary>A column's storage kind and, for text, its maximum length in characters; for fixed-point numbers, the digits after the point.</summary>
public sealed record ColumnSpec(ColumnType Type, int? MaxLength = null, int? Scale = null)
{
    public static readonly ColumnSpec Id = new(ColumnType.Integer);
    public static readonly ColumnSpec Key = new(ColumnType.Text, 256);
    public static readonly ColumnSpec Json = new(ColumnType.Json);
    public static readonly ColumnSpec Instant = new(ColumnType.DateTime);
}

public sealed record ColumnDef(string Name, ColumnSpec Spec, bool Nullable = true);

/// <summary>
/// A table the engine creates. <see cref="IdentityKey"/> makes a 64-bit <c>id</c> column the
/// database numbers; otherwise <see cref="PrimaryKey"/> names the key columns.
/// </summary>
public sealed record TableSpec(string Name, IReadOnlyList<ColumnDef> Columns, bool IdentityKey, IReadOnlyList<string>? PrimaryKey = null);

/// <param name="LiveOnly">Only the records outside the recycle bin (a partial, or filtered, index on <c>deleted_at IS NULL</c>), with the
/// columns sorted as pages sort them: what every query but the bin's asks for.</param>
/// <param name="WhileNull">Only rows whose given column is NULL, such as events not yet dispatched: the rest never enter it.</param>
public sealed record IndexSpec(string Name, string Table, IReadOnlyList<string> Columns, bool Unique = false, bool LiveOnly = false, string? WhileNull = null);
