namespace Platform.Engine.Notifications;

/// <summary>The record a notification is about, so the app can open it.</summary>
public sealed record NotificationLink(string App, string Form, long RecordId);

/// <summary>A notification as its reader sees it.</summary>
public sealed record Notification(long Id, string Title, string? Body, NotificationLink? Link, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>
/// A notification to write. <see cref="Source"/> says what sent it (a run's step and recipient, a comment): the same
/// source is written once, however often it is sent.
/// </summary>
public sealed record NewNotification(long UserId, string Title, string? Body, NotificationLink? Link, string Source);

/// <summary>A page of someone's notifications, newest first, with how many are unread in all.</summary>
public sealed record NotificationPage(IReadOnlyList<Notification> Items, long Unread, long? Before);
