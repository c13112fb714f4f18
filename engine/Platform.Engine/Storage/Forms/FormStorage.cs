using System.Collections.Immutable;
using System.Text.Json;
using Platform.Engine.Forms;

namespace Platform.Engine.Storage.Forms;

/// <summary>
/// Where one field's data physically lives. Names are generated (<c>c_{id}</c>), never taken from
/// user text. A retired field (removed, or replaced by a type change) keeps its data until purged.
/// </summary>
public sealed record StoredField
{
    public required int Id { get; init; }

    public required string Key { get; init; }

    /// <summary>The pinned field type name the data was written under.</summary>
    public required string Type { get; init; }

    public required StorageKind Kind { get; init; }

    public ColumnSpec? Spec { get; init; }

    /// <summary>The column, for <see cref="StorageKind.Column"/>.</summary>
    public string? Column { get; init; }

    /// <summary>The link or child table.</summary>
    public string? Table { get; init; }

    public bool Unique { get; init; }

    public bool Indexed { get; init; }

    /// <summary>The column of the field's duplicate keys (<c>d_{id}</c>), once a duplicate check was switched on.</summary>
    public string? DuplicateColumn { get; init; }

    /// <summary>The duplicate check its index enforces now (<c>refuse</c>: unique; <c>warn</c>: a plain index), or none.</summary>
    public string? DuplicateMode { get; init; }

    public bool Retired { get; init; }

    public int? RetiredInVersion { get; init; }

    /// <summary>A subform's columns in its child table.</summary>
    public ImmutableList<StoredField> Children { get; init; } = [];
}

/// <summary>An index a form definition declared: its generated name and columns (the record id last, for sorted pages).</summary>
public sealed record StoredIndex(string Name, ImmutableList<string> Columns, string Fields);

/// <summary>The physical layout of a published form: its table and every field it ever stored.</summary>
public sealed record FormStorage
{
    /// <summary>
    /// The layout this release writes. 2: indexes cover only live records (partial indexes) and end with the id;
    /// a quick-search index of the text fields (where the database has one).
    /// A form stored under an earlier layout is brought up to date at start-up (<c>StorageUpgrade</c>).
    /// </summary>
    public const int CurrentLayout = 2;

    public required string Table { get; init; }

    /// <summary>The layout the table was built with; 1 when the stored JSON predates the number.</summary>
    public int Layout { get; init; } = 1;

    public ImmutableList<StoredIndex> Indexes { get; init; } = [];

    /// <summary>The fields (by id) whose text the search index holds, as of the last time it was built.</summary>
    public ImmutableList<int> SearchFields { get; init; } = [];

    public int NextId { get; init; } = 1;

    public ImmutableList<StoredField> Fields { get; init; } = [];

    public StoredField? Active(string key) => Fields.FirstOrDefault(f => f.Key == key && !f.Retired);

    public string ToJson() => JsonSerializer.Serialize(this, FormJson.Options);

    public static FormStorage FromJson(string json) => JsonSerializer.Deserialize<FormStorage>(json, FormJson.Options)!;
}
