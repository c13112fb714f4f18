using Platform.Engine.Records.Query;

namespace Platform.Engine.Records;

/// <summary>
/// A caller's rules while they claim a record from the public pool: the one write a claim makes (owner: me) may start
/// from the pool and must end in their own records, whatever their write scope says; every other rule is theirs.
/// </summary>
internal sealed class ClaimingAccess(IAccessRules rules) : IAccessRules
{
    private static readonly Filter PoolOrOwn = new OrFilter([Condition.Of("owner", "isEmpty"), Condition.Of("owner", "eq", "me")]);

    public bool Can(string app, string form, RecordAction action) => action == RecordAction.Update || rules.Can(app, form, action);

    public Filter? RowScope(string app, string form) => rules.RowScope(app, form);

    public Filter? WriteScope(string app, string form) => PoolOrOwn;

    public FieldView Fields(string app, string form) => rules.Fields(app, form);
}
