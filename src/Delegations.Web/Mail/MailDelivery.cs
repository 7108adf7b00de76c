using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Delegations.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Delegations.Web.Mail;

/// <summary>Hands a message to the world: a pickup folder of .eml files (embedded mode) or an SMTP server (MailKit).</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

public sealed class PickupFolderTransport(string directory) : IMailTransport
{
    public string Directory { get; } = directory;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = (message.MessageId ?? Guid.NewGuid().ToString()).Split('@')[0];
        var temp = Path.Combine(Directory, name + ".tmp");
        await message.WriteToAsync(temp, ct);
        File.Move(temp, Path.Combine(Directory, name + ".eml"), overwrite: true); // a reader never sees half a file
    }
}

public sealed class SmtpTransport(SmtpOptions options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = options.TimeoutSeconds * 1000 };
        var security = Enum.TryParse<SecureSocketOptions>(options.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.StartTlsWhenAvailable;
        await client.ConnectAsync(options.Host, options.Port, security, ct);
        if (!string.IsNullOrEmpty(options.Username))
            await client.AuthenticateAsync(options.Username, options.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}

/// <summary>
/// Delivers the outbox. Each message is leased before sending (so two nodes never send the same one), marked sent
/// after, and on failure keeps its error and is retried with back-off until the attempt limit marks it failed.
/// The Message-ID is the outbox id, so a receiver can recognise the rare resend after a crash mid-send.
/// </summary>
public sealed class MailDelivery(DelegationsDbContext db, IMailTransport transport, MailOptions options, TimeProvider clock, ILogger<MailDelivery> logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public async Task<int> DeliverDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.Status == OutboxStatuses.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.CreatedAt).Select(m => m.Id).Take(200).ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            if (await DeliverAsync(id, ct)) sent++;
        }
        return sent;
    }

    /// <summary>Delivers one message if it is still pending, due and nobody holds its lease (a failure just now by another node makes it not due).</summary>
    public async Task<bool> DeliverAsync(Guid id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var leaseUntil = now + Lease;
        var claimed = await db.Outbox
            .Where(m => m.Id == id && m.Status == OutboxStatuses.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedUntil, leaseUntil).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        if (claimed == 0) return false;

        var message = await db.Outbox.AsNoTracking().FirstAsync(m => m.Id == id, ct);
        try
        {
            await transport.SendAsync(ToMime(message, options), ct);
            await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, OutboxStatuses.Sent)
                .SetProperty(m => m.SentAt, clock.GetUtcNow())
                .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.LastError, (string?)null), ct);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpCommandException or SmtpProtocolException or AuthenticationException
                                       or SslHandshakeException or TimeoutException or OperationCanceledException or UnauthorizedAccessException or ServiceNotConnectedException)
        {
            var attempts = message.Attempts;
            var giveUp = attempts >= options.MaxAttempts;
            var next = clock.GetUtcNow() + Backoff(attempts);
            logger.LogWarning(ex, "Mail {Id} to {To} failed (attempt {Attempt}){GiveUp}", id, message.ToEmail, attempts, giveUp ? "; giving up" : "");
            await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, giveUp ? OutboxStatuses.Failed : OutboxStatuses.Pending)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.LastError, $"{ex.GetType().Name}: {ex.Message}"), ct);
            return false;
        }
    }

    /// <summary>1, 2, 4, … minutes, at most 6 hours.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(Math.Pow(2, Math.Max(0, attempts - 1)), 360));

    public static MimeMessage ToMime(OutboxMessage m, MailOptions options)
    {
        var message = new MimeMessage { MessageId = $"{m.Id:N}@delegations", Subject = m.Subject, Date = m.CreatedAt };
        message.From.Add(new MailboxAddress(options.FromName, options.From));
        message.To.Add(new MailboxAddress(m.ToName, m.ToEmail));
        message.Headers.Add("Content-Language", m.Language);
        message.Headers.Add("X-Delegations-Template", m.Template);
        var body = new BodyBuilder { TextBody = m.TextBody, HtmlBody = m.HtmlBody };
        if (m.AttachmentContent is { } content && m.AttachmentName is { } name)
            body.Attachments.Add(name, content, ContentType.Parse(m.AttachmentContentType ?? "application/octet-stream"));
        message.Body = body.ToMessageBody();
        return message;
    }
}
