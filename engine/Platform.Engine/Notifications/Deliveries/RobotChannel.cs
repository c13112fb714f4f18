using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Outbound;

namespace Platform.Engine.Notifications.Deliveries;

/// <summary>
/// A group chat's robot webhook (DingTalk, WeCom): a JSON message posted through the platform's one outbound client,
/// whose answer says <c>errcode</c> 0 when the message was taken. Being sent too fast, or a server error, is tried again.
/// </summary>
public abstract class RobotChannel(OutboundClient outbound, TimeProvider clock) : DeliveryChannel
{
    protected TimeProvider Clock { get; } = clock;

    /// <summary>The robot's message for a title and a Markdown text.</summary>
    protected abstract JsonObject Message(string? title, string text);

    /// <summary>Where to post: the robot's address, signed when the robot asks for it.</summary>
    protected virtual string Address(string url, string? secret) => url;

    /// <summary>The error codes that mean "not now" rather than "never".</summary>
    protected abstract IReadOnlySet<long> TransientCodes { get; }

    public override async Task SendAsync(NewDelivery delivery, long id, CancellationToken ct)
    {
        var body = Message(delivery.Subject, delivery.Body).ToJsonString();
        OutboundResponse response;
        try
        {
            response = await outbound.SendAsync(HttpMethod.Post, Address(delivery.Target, delivery.Secret),
                () => new StringContent(body, Encoding.UTF8, "application/json"), ct);
        }
        catch (OutboundRefusedException e)
        {
            throw new DeliveryFailedException(e.Message, permanent: e.Code != "outbound.timeout");
        }
        if (response.Status >= 500 || response.Status == 429) throw new DeliveryFailedException($"The robot answered {response.Status}.", permanent: false);
        if (response.Status >= 400) throw new DeliveryFailedException($"The robot refused the message with {response.Status}.", permanent: true);
        long code;
        string? message;
        try
        {
            var answer = JsonNode.Parse(response.Body);
            code = answer?["errcode"]?.GetValue<long>() ?? 0;
            message = answer?["errmsg"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new DeliveryFailedException("The robot's answer was not what a robot answers.", permanent: true);
        }
        if (code != 0) throw new DeliveryFailedException($"The robot refused the message: {code} {message}", permanent: !TransientCodes.Contains(code));
    }
}

/// <summary>
/// A DingTalk (钉钉) group robot: a Markdown message, signed when the robot has a secret (the time in milliseconds and
/// an HMAC-SHA256 of "time\nsecret" under the secret, in the address), as DingTalk's custom robots require.
/// </summary>
public sealed class DingTalkChannel(OutboundClient outbound, TimeProvider clock) : RobotChannel(outbound, clock)
{
    public override string Name => DeliveryChannels.DingTalk;

    // 130101: sent too fast (20 a minute per robot).
    protected override IReadOnlySet<long> TransientCodes { get; } = new HashSet<long> { 130101 };

    protected override JsonObject Message(string? title, string text) => new()
    {
        ["msgtype"] = "markdown",
        ["markdown"] = new JsonObject { ["title"] = title ?? "", ["text"] = title is null ? text : $"### {title}\n\n{text}" },
    };

    protected override string Address(string url, string? secret)
    {
        if (string.IsNullOrEmpty(secret)) return url;
        var timestamp = Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}timestamp={timestamp}&sign={Uri.EscapeDataString(Sign(timestamp, secret))}";
    }

    /// <summary>DingTalk's signature of a time: Base64(HMAC-SHA256(key: secret, "time\nsecret")).</summary>
    public static string Sign(string timestamp, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}\n{secret}")));
}

/// <summary>A WeCom (企业微信) group robot: a Markdown message to the robot's address, whose key is its credential.</summary>
public sealed class WeComChannel(OutboundClient outbound, TimeProvider clock) : RobotChannel(outbound, clock)
{
    public override string Name => DeliveryChannels.WeCom;

    // 45009: the robot's limit (20 a minute) was reached.
    protected override IReadOnlySet<long> TransientCodes { get; } = new HashSet<long> { 45009 };

    protected override JsonObject Message(string? title, string text) => new()
    {
        ["msgtype"] = "markdown",
        ["markdown"] = new JsonObject { ["content"] = title is null ? text : $"**{title}**\n{text}" },
    };
}
