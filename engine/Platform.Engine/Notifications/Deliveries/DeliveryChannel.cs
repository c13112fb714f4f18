namespace Platform.Engine.Notifications.Deliveries;

/// <summary>
/// One way of sending outside the app (email, a DingTalk or WeCom group robot). Each channel is one class, found by its
/// pinned <see cref="Name"/> in <see cref="DeliveryChannels"/>.
/// </summary>
public abstract class DeliveryChannel
{
    public abstract string Name { get; }

    /// <summary>Sends one message; throws <see cref="DeliveryFailedException"/> when it could not.</summary>
    public abstract Task SendAsync(NewDelivery delivery, long id, CancellationToken ct);
}

/// <summary>The channels the platform sends on, by name.</summary>
public sealed class DeliveryChannels(IEnumerable<DeliveryChannel> channels)
{
    public const string Email = "email";
    public const string DingTalk = "dingtalk";
    public const string WeCom = "wecom";

    /// <summary>The robots a group message can go to.</summary>
    public static readonly IReadOnlyList<string> Robots = [DingTalk, WeCom];

    private readonly Dictionary<string, DeliveryChannel> _byName = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public DeliveryChannel? For(string name) => _byName.GetValueOrDefault(name);
}
