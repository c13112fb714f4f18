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

    /// <summary>The zone in which "today" and "this week" are meant.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The language of messages and labels: <c>en</c> or <c>zh-CN</c>.</summary>
    public string Culture { get; init; } = "en";

    public Filter? RowScope(FormModel form) => Access.RowScope(form.AppKey, form.Key);

    public FieldView Fields(FormModel form) => Access.Fields(form.AppKey, form.Key);

    public Filter? WriteScope(FormModel form) => Access.WriteScope(form.AppKey, form.Key);

    /// <summary>Refuses (403) when this caller may not take <paramref name="action"/> on the form's records.</summary>
    public void Require(FormModel form, RecordAction action)
    {
        if (!Access.Can(form.AppKey, form.Key, action)) throw new ForbiddenException("access.action", action.Name(), form.Key);
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
