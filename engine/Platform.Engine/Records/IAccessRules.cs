using Platform.Engine.Records.Query;

namespace Platform.Engine.Records;

/// <summary>
/// What a caller may touch, per form: the rows (a filter every record read or written must match)
/// and the fields. The permission layer implements this from roles; the engine only asks.
/// </summary>
public interface IAccessRules
{
    /// <summary>A filter every record of the form this caller touches must match; null for all records.</summary>
    Filter? RowScope(string app, string form);

    FieldView Fields(string app, string form);
}

/// <summary>Access given by hand: one row scope for every form (system fields such as <c>owner</c> fit all), field views by form key.</summary>
public sealed record GivenAccess(Filter? Scope = null, IReadOnlyDictionary<string, FieldView>? Views = null) : IAccessRules
{
    public static readonly GivenAccess Everything = new();

    public Filter? RowScope(string app, string form) => Scope;

    public FieldView Fields(string app, string form) => Views?.GetValueOrDefault(form) ?? FieldView.All;
}
