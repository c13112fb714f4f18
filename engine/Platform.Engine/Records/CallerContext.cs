using Platform.Engine.Models;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;

namespace Platform.Engine.Records;

/// <summary>
/// Who is acting, built once per request or job and passed to every read and write: the actor,
/// their access (row scope and field view per form), language and time zone. Every read applies
/// the row scope inside its SQL, so a record outside it is never loaded; every answer, filter,
/// history and event read goes through the field view.
/// </summary>
public sealed record CallerContext(Actor Actor)
{
    public long? UserId => Actor.UserId;

    public bool IsAdmin { get; init; }

    public IAccessRules Access { get; init; } = GivenAccess.Everything;

    /// <summary>
    /// The caller's user attributes, as filters read <c>{"me": "region"}</c>: every attribute defined, with the caller's value
    /// or null (a filter on a value the caller lacks matches nothing).
    /// </summary>
    public IReadOnlyDictionary<string, string?> Attributes { get; init; } = new Dictionary<string, string?>();

    /// <summary>The zone in which "today" and "this week" are meant.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The language of messages and labels: <c>en</c> or <c>zh-CN</c>.</summary>
    public string Culture { get; init; } = "en";

    public Filter? RowScope(FormModel form) => Access.RowScope(form.AppKey, form.Key);

    /// <summary>
    /// The fields of the form this caller may see and change. A formula's result carries what it reads: a formula over a
    /// field hidden from the caller (on this form, in a subform, or on a related record it looks up) is hidden too, so
    /// its stored value never shows what the caller may not read.
    /// </summary>
    public FieldView Fields(FormModel form) =>
        form.Formulas.Count == 0 ? Access.Fields(form.AppKey, form.Key) : DerivedViews.GetValue(Access, _ => new()).GetValue(form, Derive);

    // Rules and form versions do not change once made: what a formula hides is worked out once for each pair (a member's
    // rules live until the directory changes, an admin's for good), not on every call of a request. Weak on both sides.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IAccessRules,
        System.Runtime.CompilerServices.ConditionalWeakTable<FormModel, FieldView>> DerivedViews = new();

    private FieldView Derive(FormModel form)
    {
        var view = Access.Fields(form.AppKey, form.Key);
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        bool Hides(Formulas.FormulaInput input) => input.Kind == Formulas.FormulaInputKind.Lookup
            ? form.Field(input.Field)?.Traits.RelatedForm is { } related && input.Part is { } part && !Access.Fields(form.AppKey, related).CanRead(part)
            : !view.CanRead(input.Field) || hidden.Contains(input.Field);
        // Formulas may read formulas: hide until nothing more is hidden.
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (field, formula) in form.Formulas)
                if (view.CanRead(field.Key) && !hidden.Contains(field.Key) && formula.Inputs.Any(Hides)) changed |= hidden.Add(field.Key);
        }
        return hidden.Count == 0 ? view : view with { Hidden = view.Hidden is null ? hidden : [.. view.Hidden, .. hidden] };
    }

    public Filter? WriteScope(FormModel form) => Access.WriteScope(form.AppKey, form.Key);

    /// <summary>Whether this caller may take <paramref name="action"/> on the form's records (what a page asks before it offers the button).</summary>
    public bool Can(FormModel form, RecordAction action) => Access.Can(form.AppKey, form.Key, action);

    /// <summary>Refuses (403) when this caller may not take <paramref name="action"/> on the form's records.</summary>
    public void Require(FormModel form, RecordAction action)
    {
        if (!Can(form, action)) throw new ForbiddenException("access.action", action.Name(), form.Key);
    }

    /// <summary>This caller as their writes see records: the write scope in place of the row scope.</summary>
    public CallerContext ForWriting() => this with { Access = new WritingAccess(Access) };

    public static CallerContext ForUser(long userId, bool isAdmin = false) => new(Actor.User(userId)) { IsAdmin = isAdmin };

    /// <summary>The engine itself: no user, no scope, every field.</summary>
    public static readonly CallerContext System = new(Actor.System) { IsAdmin = true };

    /// <summary>
    /// Formulas recomputed because of what this caller did (a publish, a change a lookup reads): the engine acts,
    /// on this caller's behalf, seeing every record and field, in this caller's zone and language.
    /// </summary>
    public CallerContext RecomputeFor(string reason) =>
        new(new Actor(Actor.RecomputeKind, UserId, reason)) { IsAdmin = true, TimeZone = TimeZone, Culture = Culture };
}
