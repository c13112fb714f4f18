namespace Platform.Engine.Notifications.Deliveries;

/// <summary>
/// A message to send outside the app, on <see cref="Channel"/> to <see cref="Target"/> (an email address, a robot's
/// address). <see cref="Source"/> says what sent it: the same source is sent once however often it is queued.
/// </summary>
public sealed record NewDelivery(string Channel, string Target, string? Subject, string Body, string Source)
{
    /// <summary>What the channel signs with (a DingTalk robot's secret).</summary>
    public string? Secret { get; init; }
}

/// <summary>A delivery as an admin sees it: where it went, whether it was sent, and why not.</summary>
public sealed record DeliveryInfo(long Id, string Channel, string Target, string? Subject, string Source, string Status, int Attempts, DateTime CreatedAt,
    DateTime? SentAt, string? Error);

/// <summary>Where a delivery stands; pinned names, stored and shown.</summary>
public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
}

/// <summary>A delivery the channel could not make: tried again later unless <see cref="Permanent"/> (refused for good).</summary>
public sealed class DeliveryFailedException(string message, bool permanent) : Exception(message)
{
    public bool Permanent { get; } = permanent;
}
