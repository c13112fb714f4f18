using Platform.Engine.Records;
using Platform.Engine.Records.Query;

namespace Platform.Engine.Users;

/// <summary>
/// A user's rights as their roles give them, per form: the union of their roles' actions, any of their read scopes,
/// any of their write scopes, and for each field the widest right a reading role gives. Forms that no role has a
/// permission on are open to everyone.
/// </summary>
public sealed class RoleAccess : IAccessRules
{
    private static readonly Filter Nothing = new OrFilter([]);
    private readonly IReadOnlySet<(string App, string Form)> _secured;
    private readonly Dictionary<(string App, string Form), Rights> _rights = [];

    public RoleAccess(IReadOnlySet<(string App, string Form)> secured, IEnumerable<(string App, string Form, FormPermission Permission)> permissions)
    {
        _secured = secured;
        foreach (var group in permissions.GroupBy(p => (p.App, p.Form)))
            _rights[group.Key] = Rights.Of(group.Select(p => p.Permission).ToList());
    }

    public bool Can(string app, string form, RecordAction action) =>
        !_secured.Contains((app, form)) || (_rights.TryGetValue((app, form), out var rights) && rights.Actions.Contains(action));

    public Filter? RowScope(string app, string form) => For(app, form) is { } rights ? rights.Read : SecuredOrAll(app, form);

    public Filter? WriteScope(string app, string form) => For(app, form) is { } rights ? rights.Write : SecuredOrAll(app, form);

    public FieldView Fields(string app, string form) => For(app, form)?.View ?? FieldView.All;

    private Rights? For(string app, string form) => _secured.Contains((app, form)) ? _rights.GetValueOrDefault((app, form)) : null;

    private Filter? SecuredOrAll(string app, string form) => _secured.Contains((app, form)) ? Nothing : null;

    private sealed record Rights(IReadOnlySet<RecordAction> Actions, Filter? Read, Filter? Write, FieldView View)
    {
        public static Rights Of(IReadOnlyList<FormPermission> permissions)
        {
            var actions = permissions.SelectMany(p => p.Actions).ToHashSet();
            var readers = permissions.Where(p => p.Actions.Contains(RecordAction.Read)).ToList();
            var writers = permissions.Where(p => p.Actions.Overlaps([RecordAction.Create, RecordAction.Update, RecordAction.Delete])).ToList();
            // A field is hidden (or read-only) only if every reading role says so: rights add up.
            var named = readers.SelectMany(p => p.Fields.Keys).Distinct(StringComparer.Ordinal).ToList();
            FieldRight Widest(string key) => readers.Max(p => p.Fields.GetValueOrDefault(key, FieldRight.Editable));
            var view = new FieldView
            {
                Hidden = named.Where(k => Widest(k) == FieldRight.Hidden).ToHashSet(StringComparer.Ordinal),
                ReadOnly = named.Where(k => Widest(k) == FieldRight.ReadOnly).ToHashSet(StringComparer.Ordinal),
            };
            return new Rights(actions, FormPermission.AnyOf(readers.SelectMany(p => p.Read)), FormPermission.AnyOf(writers.SelectMany(p => p.Write)),
                view.IsAll ? FieldView.All : view);
        }
    }
}
