namespace Platform.Engine.Records;

/// <summary>
/// The fields of one form a caller may read and edit: the form as this caller sees it. A hidden
/// field does not exist for the caller (not in answers, filters, sorts, history or events); a
/// read-only one is shown but refused when sent. Null sets mean every field.
/// </summary>
public sealed record FieldView(IReadOnlySet<string>? Readable = null, IReadOnlySet<string>? Editable = null)
{
    public static readonly FieldView All = new();

    /// <summary>Fields taken out of what <see cref="Readable"/> allows: what a permission names as hidden.</summary>
    public IReadOnlySet<string>? Hidden { get; init; }

    /// <summary>Fields taken out of what <see cref="Editable"/> allows: what a permission names as read-only.</summary>
    public IReadOnlySet<string>? ReadOnly { get; init; }

    public bool IsAll => Readable is null && Editable is null && Hidden is not { Count: > 0 } && ReadOnly is not { Count: > 0 };

    public bool CanRead(string key) => (Readable is null || Readable.Contains(key)) && Hidden?.Contains(key) != true;

    public bool CanEdit(string key) => CanRead(key) && (Editable is null || Editable.Contains(key)) && ReadOnly?.Contains(key) != true;

    public static FieldView Of(IEnumerable<string> readable, IEnumerable<string>? editable = null) =>
        new(readable.ToHashSet(StringComparer.Ordinal), editable?.ToHashSet(StringComparer.Ordinal));
}
