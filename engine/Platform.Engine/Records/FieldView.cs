namespace Platform.Engine.Records;

/// <summary>
/// The fields of one form a caller may read and edit: the form as this caller sees it. A hidden
/// field does not exist for the caller (not in answers, filters, sorts, history or events); a
/// read-only one is shown but refused when sent. Null sets mean every field.
/// </summary>
public sealed record FieldView(IReadOnlySet<string>? Readable = null, IReadOnlySet<string>? Editable = null)
{
    public static readonly FieldView All = new();

    public bool IsAll => Readable is null && Editable is null;

    public bool CanRead(string key) => Readable is null || Readable.Contains(key);

    public bool CanEdit(string key) => CanRead(key) && (Editable is null || Editable.Contains(key));

    public static FieldView Of(IEnumerable<string> readable, IEnumerable<string>? editable = null) =>
        new(readable.ToHashSet(StringComparer.Ordinal), editable?.ToHashSet(StringComparer.Ordinal));
}
