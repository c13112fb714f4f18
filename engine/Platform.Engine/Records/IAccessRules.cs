using Platform.Engine.Records.Query;

namespace Platform.Engine.Records;

/// <summary>
/// What a caller may touch, per form: the actions, the rows (a filter every record read must match, and one every
/// record changed must match) and the fields. The permission layer implements this from roles; the engine only asks.
/// </summary>
public interface IAccessRules
{
    bool Can(string app, string form, RecordAction action);

    /// <summary>A filter every record of the form this caller reads must match; null for all records.</summary>
    Filter? RowScope(string app, string form);

    /// <summary>A filter every record this caller creates, changes, deletes or restores must match, before and after.</summary>
    Filter? WriteScope(string app, string form);

    FieldView Fields(string app, string form);
}

/// <summary>
/// Access given by hand: one row scope for every form (system fields such as <c>owner</c> fit all), for reading and
/// writing unless a write scope is given, field views by form key, and every action unless some are named.
/// </summary>
public sealed record GivenAccess(Filter? Scope = null, IReadOnlyDictionary<string, FieldView>? Views = null) : IAccessRules
{
    public static readonly GivenAccess Everything = new();

    public IReadOnlySet<RecordAction>? Actions { get; init; }

    public Filter? Write { get; init; }

    public bool Can(string app, string form, RecordAction action) => Actions is null || Actions.Contains(action);

    public Filter? RowScope(string app, string form) => Scope;

    public Filter? WriteScope(string app, string form) => Write ?? Scope;

    public FieldView Fields(string app, string form) => Views?.GetValueOrDefault(form) ?? FieldView.All;
}

/// <summary>The same rules, with the write scope as the row scope: what a write's own reads and checks must see.</summary>
internal sealed class WritingAccess(IAccessRules rules) : IAccessRules
{
    public bool Can(string app, string form, RecordAction action) => rules.Can(app, form, action);

    public Filter? RowScope(string app, string form) => rules.WriteScope(app, form);

    public Filter? WriteScope(string app, string form) => rules.WriteScope(app, form);

    public FieldView Fields(string app, string form) => rules.Fields(app, form);
}
