using Platform.Engine.Records;
using Platform.Engine.Records.Query;

namespace Platform.Engine.Users;

/// <summary>
/// A personal token's limits over its user's rights: only the apps it names, and only reading (and exporting) when it
/// is read-only. It can narrow what the user may do, never widen it.
/// </summary>
public sealed class TokenLimits(IAccessRules rights, IReadOnlySet<string>? apps, bool readOnly) : IAccessRules
{
    public bool Can(string app, string form, RecordAction action) =>
        rights.Can(app, form, action) && (apps is null || apps.Contains(app)) && (!readOnly || action is RecordAction.Read or RecordAction.Export);

    public Filter? RowScope(string app, string form) => rights.RowScope(app, form);

    public Filter? WriteScope(string app, string form) => rights.WriteScope(app, form);

    public FieldView Fields(string app, string form) => rights.Fields(app, form);
}
