using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Platform.Engine.Notifications.Deliveries;

/// <summary>How the platform sends email: an SMTP server and the address it sends from. No host: email is not sent.</summary>
public sealed record MailOptions
{
    public string? Host { get; init; }

    public int Port { get; init; } = 25;

    /// <summary><c>auto</c> (TLS when the server offers it), <c>none</c>, <c>starttls</c> or <c>ssl</c>.</summary>
    public string Security { get; init; } = "auto";

    public string? User { get; init; }

    public string? Password { get; init; }

    public string From { get; init; } = "platform@localhost";

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Email over SMTP (MailKit): plain text, from the configured address, with a message id made from the delivery, so a
/// message sent again after a crash carries the same id and mail clients can tell.
/// </summary>
public sealed class EmailChannel(MailOptions options) : DeliveryChannel
{
    public override string Name => DeliveryChannels.Email;

    public override async Task SendAsync(NewDelivery delivery, long id, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.Host)) throw new DeliveryFailedException("No mail server is set (Platform:Mail:Host).", permanent: true);
        var message = new MimeMessage { Subject = delivery.Subject ?? "", Body = new TextPart("plain") { Text = delivery.Body } };
        message.From.Add(MailboxAddress.Parse(options.From));
        if (!MailboxAddress.TryParse(delivery.Target, out var to)) throw new DeliveryFailedException($"'{delivery.Target}' is not an email address.", permanent: true);
        message.To.Add(to);
        message.MessageId = $"delivery-{id}@{options.From.Split('@').Last().Trim('>', ' ')}";
        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, Security(options.Security), ct);
            if (options.User is { Length: > 0 } user) await client.AuthenticateAsync(user, options.Password ?? "", ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            throw new DeliveryFailedException($"The mail server refused the message: {e.Message}", permanent: true);
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException or TimeoutException
                                      or AuthenticationException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new DeliveryFailedException($"The mail server could not take the message now: {e.Message}", permanent: false);
        }
    }

    private static SecureSocketOptions Security(string security) => security switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
