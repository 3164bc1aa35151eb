using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LeadRouting.Web.Notifications;

/// <summary>Hands a finished message to a mail system.</summary>
public interface IEmailTransport
{
    Task SendAsync(MimeMessage message, long deliveryId, CancellationToken cancellationToken);
}

/// <summary>SMTP through MailKit: one connection per message (notifications are few; no idle connection to keep alive).</summary>
public sealed class SmtpEmailTransport(IOptions<NotificationOptions> options) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, long deliveryId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var smtp = settings.Smtp;
        var security = !smtp.UseTls ? SecureSocketOptions.None
            : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTls;
        using var client = new SmtpClient { Timeout = (int)settings.AttemptTimeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Notifications:Smtp:Host is not set."), smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>The development mail sink: each message becomes an <c>.eml</c> file (open it in any mail program).</summary>
public sealed class PickupDirectoryEmailTransport(string directory) : IEmailTransport
{
    public string Directory { get; } = directory;

    public async Task SendAsync(MimeMessage message, long deliveryId, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await message.WriteToAsync(Path.Combine(Directory, $"delivery-{deliveryId}.eml"), cancellationToken);
    }
}
