using System.Linq.Expressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Masthead.Infrastructure.Email;

/// <summary>
/// Sends what the <see cref="OutboxEmail"/> table holds, from every serving instance at once.
/// </summary>
/// <remarks>
/// <para>Each message is claimed before it is sent, by a conditional update that only succeeds on a row that is
/// unsent, due and not locked by a live claim; the database lets exactly one instance win it, so two instances
/// never send the same message side by side. The claim expires after <see cref="LockTime"/>: a process that dies
/// holding it leaves the message to be claimed and sent again by whoever comes next.</para>
/// <para>Delivery is therefore at least once, never exactly once. SMTP has no way to make it exactly once: the
/// server accepts a message with a reply we may never see, and no transaction spans its disk and our database.
/// With the claim and <see cref="OutboxEmail.SentAt"/>, a donor gets a message twice only if this process dies
/// (or loses the database) between the server accepting the message and <c>SentAt</c> being saved — a
/// window of milliseconds. Each copy carries the same Message-Id, so mail programs can tell it is the same mail.</para>
/// <para>The sender does not poll. Mail this instance queues wakes it as soon as the transaction that queued it
/// commits (<see cref="OutboxQueued"/>, or the plain-SQL writers themselves); between wakes it sleeps until the
/// next retry falls due, or for <see cref="EmailOptions.PollInterval"/> at most, which is how mail queued by another
/// process that sends none itself (the command line, an instance without SMTP settings) is found.</para>
/// <para>A message that fails waits longer after each attempt (one minute, two, four… at most four hours) and
/// after <see cref="EmailOptions.MaxAttempts"/> stays in the outbox, unsent, with its last error.</para>
/// </remarks>
public sealed class OutboxSender(IServiceScopeFactory scopes, IOptions<EmailOptions> options, IOptions<PaperOptions> paper,
    MastheadMetrics metrics, Wakeup<OutboxSender> wakeup, TimeProvider time, ILogger<OutboxSender> log) : BackgroundService
{
    /// <summary>How long a claim keeps other instances off a message: far longer than one send may take.</summary>
    public static readonly TimeSpan LockTime = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromHours(4);

    /// <summary>How long the sender waits after the SMTP server failed, before trying the rest of the queue.</summary>
    private static readonly TimeSpan PauseAfterTrouble = TimeSpan.FromSeconds(2);

    /// <summary>Messages one pass sends at most, so a long queue does not hold up shutting down.</summary>
    private const int MaxPerPass = 100;

    /// <summary>Who holds a claim: unique to this instance of the application, even beside others in one process.</summary>
    public string InstanceId { get; } = NewInstanceId();

    /// <summary>How long to wait before trying a message again after its <paramref name="attempts"/>th failure.</summary>
    public static TimeSpan Backoff(int attempts) =>
        attempts >= 10 ? LongestRetry : TimeSpan.FromTicks(Math.Min(FirstRetry.Ticks << Math.Max(0, attempts - 1), LongestRetry.Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.IsConfigured)
        {
            log.LogWarning("Email is not configured (Email:SmtpHost is empty): receipts and other mail stay queued in the outbox");
            return;
        }
        log.LogInformation("Sending email through {Host}:{Port}: at once when this instance queues it, and looking for other mail every {Interval}",
            o.SmtpHost, o.SmtpPort, o.PollInterval);
        var pause = o.PollInterval < PauseAfterTrouble ? o.PollInterval : PauseAfterTrouble;
        while (!stoppingToken.IsCancellationRequested)
        {
            var looked = time.GetUtcNow();
            var next = looked + o.PollInterval;
            try
            {
                var (_, end) = await PassAsync(stoppingToken);
                if (end == PassEnd.Full) continue; // more are waiting: the next hundred at once
                // Mail that was already due when the pass began and is still waiting was left there: after an SMTP
                // server's failure, or a claim ending that very moment. Not worth a spin; anything later is.
                if (await NextDueAsync(stoppingToken) is { } due && due < next) next = due > looked ? due : looked + pause;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "Sending email failed; will try again");
                next = time.GetUtcNow() + pause;
            }
            await wakeup.WaitAsync(next, stoppingToken);
        }
    }

    /// <summary>
    /// One pass: claims, sends and marks each due message in turn over one SMTP connection, and returns how many
    /// were sent. The background loop runs one whenever this instance queues mail, when a retry falls due, and every
    /// <see cref="EmailOptions.PollInterval"/>; anything may call it at any time, from any instance.
    /// </summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default) => (await PassAsync(ct)).Sent;

    private enum PassEnd
    {
        /// <summary>Nothing more is due.</summary>
        Done,
        /// <summary>The pass sent its most; more may be due.</summary>
        Full,
        /// <summary>The SMTP server failed in a way that is not one message's fault; the rest of the queue waits.</summary>
        ServerTrouble,
    }

    private async Task<(int Sent, PassEnd End)> PassAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.IsConfigured) return (0, PassEnd.Done);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        using var smtp = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        var sent = 0;
        var end = PassEnd.Full;
        try
        {
            for (var i = 0; i < MaxPerPass; i++)
            {
                var now = Now();
                var id = await db.Outbox.AsNoTracking().Where(Due(now, o.MaxAttempts))
                    .OrderBy(e => e.NextAttemptAt).ThenBy(e => e.Id).Select(e => (long?)e.Id).FirstOrDefaultAsync(ct);
                if (id is null)
                {
                    end = PassEnd.Done;
                    break;
                }
                if (!await ClaimAsync(db, id.Value, now, o.MaxAttempts, ct)) continue; // another instance won it
                var mail = await db.Outbox.AsNoTracking().Include(e => e.Attachments).SingleAsync(e => e.Id == id, ct);

                MimeMessage message;
                try
                {
                    message = Compose(mail, o);
                }
                catch (Exception e) when (e is ParseException or ArgumentException)
                {
                    await FailAsync(db, mail, e, o.MaxAttempts);
                    continue;
                }
                try
                {
                    if (!smtp.IsConnected) await ConnectAsync(smtp, o, ct);
                    await smtp.SendAsync(message, ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    await FailAsync(db, mail, e, o.MaxAttempts);
                    // A refused recipient or sender is this message's problem; anything else is the server's,
                    // and the rest of the queue waits for the next pass rather than failing one by one.
                    if (e is SmtpCommandException && smtp.IsConnected) continue;
                    end = PassEnd.ServerTrouble;
                    break;
                }
                // The server has the message. Saved whatever happens to the pass's token: the window in which a
                // crash makes a duplicate must stay as small as it can be.
                await db.Outbox.Where(e => e.Id == mail.Id && e.SentAt == null).ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.SentAt, Now())
                    .SetProperty(e => e.Attempts, e => e.Attempts + 1)
                    .SetProperty(e => e.LastError, (string?)null)
                    .SetProperty(e => e.LockedBy, (string?)null)
                    .SetProperty(e => e.LockedUntil, (DateTime?)null), CancellationToken.None);
                sent++;
                metrics.EmailSent(true);
                log.LogInformation("Sent email {Key} (outbox {Id})", mail.Key, mail.Id);
            }
        }
        finally
        {
            if (smtp.IsConnected)
            {
                try { await smtp.DisconnectAsync(quit: true, CancellationToken.None); }
                catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException) { }
            }
        }
        return (sent, end);
    }

    /// <summary>
    /// When the first message still waiting falls due: its next attempt, or the end of a claim on it (an instance that
    /// died holding one); null when nothing waits.
    /// </summary>
    private async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        var maxAttempts = options.Value.MaxAttempts;
        var due = await db.Outbox.AsNoTracking().Where(e => e.SentAt == null && e.Attempts < maxAttempts)
            .Select(e => e.LockedUntil != null && e.LockedUntil > e.NextAttemptAt ? e.LockedUntil.Value : e.NextAttemptAt)
            .MinAsync(t => (DateTime?)t, ct);
        return due is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    /// <summary>Unsent, due, not given up on, and not held by a live claim.</summary>
    private static Expression<Func<OutboxEmail, bool>> Due(DateTime now, int maxAttempts) => e =>
        e.SentAt == null && e.NextAttemptAt <= now && e.Attempts < maxAttempts && (e.LockedUntil == null || e.LockedUntil < now);

    /// <summary>
    /// Takes the message for this instance. Every condition is on the row being updated, so the database re-checks
    /// them against the latest version of the row when two instances race (PostgreSQL re-evaluates the WHERE clause
    /// after waiting for the other's row lock; SQLite runs one writer at a time): exactly one sees a row updated.
    /// </summary>
    private async Task<bool> ClaimAsync(MastheadDb db, long id, DateTime now, int maxAttempts, CancellationToken ct)
    {
        var until = now + LockTime;
        var claimed = await db.Outbox.Where(e => e.Id == id).Where(Due(now, maxAttempts)).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.LockedBy, InstanceId)
            .SetProperty(e => e.LockedUntil, until), ct);
        return claimed == 1;
    }

    private async Task FailAsync(MastheadDb db, OutboxEmail mail, Exception error, int maxAttempts)
    {
        metrics.EmailSent(false);
        var attempts = mail.Attempts + 1;
        var now = Now();
        var message = $"{error.GetType().Name}: {error.Message}";
        if (message.Length > 2000) message = message[..2000];
        await db.Outbox.Where(e => e.Id == mail.Id && e.SentAt == null && e.LockedBy == InstanceId).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Attempts, attempts)
            .SetProperty(e => e.NextAttemptAt, now + Backoff(attempts))
            .SetProperty(e => e.LastError, message)
            .SetProperty(e => e.LockedBy, (string?)null)
            .SetProperty(e => e.LockedUntil, (DateTime?)null), CancellationToken.None);
        if (attempts >= maxAttempts)
            log.LogError(error, "Gave up on email {Key} (outbox {Id}) after {Attempts} attempts; it stays in the outbox unsent", mail.Key, mail.Id, attempts);
        else
            log.LogWarning("Could not send email {Key} (outbox {Id}), attempt {Attempts}: {Error}; trying again in {Delay}",
                mail.Key, mail.Id, attempts, message, Backoff(attempts));
    }

    private static async Task ConnectAsync(SmtpClient smtp, EmailOptions o, CancellationToken ct)
    {
        await smtp.ConnectAsync(o.SmtpHost!, o.SmtpPort, o.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.UserName)) await smtp.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
    }

    private MimeMessage Compose(OutboxEmail mail, EmailOptions o)
    {
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            Date = new DateTimeOffset(DateTime.SpecifyKind(mail.CreatedAt, DateTimeKind.Utc)),
            // The same for every attempt, so a duplicate delivery is recognisably the same message.
            MessageId = $"{MessageIdPart(mail.Key)}.{mail.Id}@{Domain(o.FromAddress!)}",
            Body = Body(mail),
        };
        message.From.Add(new MailboxAddress(string.IsNullOrWhiteSpace(o.FromName) ? paper.Value.Name : o.FromName, o.FromAddress!));
        message.To.Add(new MailboxAddress(mail.ToName ?? "", mail.ToAddress));
        return message;
    }

    private static MimeEntity Body(OutboxEmail mail)
    {
        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        foreach (var file in mail.Attachments.OrderBy(a => a.Id))
            body.Attachments.Add(file.FileName, file.Content, MimeKit.ContentType.Parse(file.ContentType));
        return body.ToMessageBody();
    }

    private static string MessageIdPart(string key) =>
        new(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '.').ToArray());

    private static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..] is { Length: > 0 } d ? d : "localhost";

    private static string NewInstanceId()
    {
        var id = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        return id.Length <= 100 ? id : id[^100..];
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
