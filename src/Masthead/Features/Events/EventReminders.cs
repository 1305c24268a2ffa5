using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Events;

/// <summary>
/// Sends each registered person a reminder the day before. The due time is stored on the registration, so a
/// restart loses nothing: the first pass after start queues whatever fell due meanwhile (while the event is
/// still to come). Each reminder is claimed by a conditional update in the same transaction that queues its
/// email, so with several instances exactly one queues it.
/// </summary>
/// <remarks>
/// It does not poll: after each pass it sleeps until the next reminder falls due, or for
/// <see cref="EventsOptions.ReminderInterval"/> if that is sooner (for reminders set on another instance), or until
/// <see cref="EventRegistrations"/> sets a reminder time on this instance and wakes it.
/// </remarks>
public sealed class EventReminders(IServiceScopeFactory scopes, IOptions<EventsOptions> options, Wakeup<EventReminders> wakeup,
    TimeProvider time, ILogger<EventReminders> log) : BackgroundService
{
    private const int MaxPerPass = 200;

    /// <summary>How soon a pass that failed (the database away, say) is tried again.</summary>
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var safety = options.Value.ReminderInterval;
        var retry = safety < RetryAfterFailure ? safety : RetryAfterFailure;
        while (!stoppingToken.IsCancellationRequested)
        {
            var looked = time.GetUtcNow();
            var next = looked + safety;
            try
            {
                var queued = await QueueDueAsync(stoppingToken);
                if (queued > 0) log.LogInformation("Queued {Count} event reminder(s)", queued);
                if (queued >= MaxPerPass) continue; // more may be due: at once
                // One due before the pass began should have gone in it: if it is still there, try again shortly, not in a spin.
                if (await NextDueAsync(stoppingToken) is { } due && due < next) next = due > looked ? due : looked + retry;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Queuing event reminders failed; will try again");
                next = time.GetUtcNow() + retry;
            }
            await wakeup.WaitAsync(next, stoppingToken);
        }
    }

    /// <summary>When the first reminder not yet sent falls due (perhaps already); null when none is waiting.</summary>
    private async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Registrations.AsNoTracking()
            .Where(r => r.Status == RegistrationStatus.Registered && r.ReminderSentAt == null && r.ReminderDueAt != null && r.Event.StartsAt > now)
            .MinAsync(r => r.ReminderDueAt, ct);
        return due is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    /// <summary>One pass: claims and queues every reminder that is due; returns how many this instance queued.</summary>
    public async Task<int> QueueDueAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        var mail = scope.ServiceProvider.GetRequiredService<EventMail>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Registrations.AsNoTracking()
            .Where(r => r.Status == RegistrationStatus.Registered && r.ReminderSentAt == null && r.ReminderDueAt <= now && r.Event.StartsAt > now)
            .OrderBy(r => r.ReminderDueAt).ThenBy(r => r.Id).Select(r => r.Id).Take(MaxPerPass).ToListAsync(ct);
        var queued = 0;
        foreach (var id in due)
        {
            using var gate = await WriteGate.EnterAsync(db, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Every condition is on the row being updated: a competing instance's claim makes this one change nothing.
            var claimed = await db.Registrations
                .Where(r => r.Id == id && r.Status == RegistrationStatus.Registered && r.ReminderSentAt == null && r.ReminderDueAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReminderSentAt, now), ct);
            if (claimed == 1)
            {
                var registration = await db.Registrations.AsNoTracking().Include(r => r.Event).SingleAsync(r => r.Id == id, ct);
                db.Outbox.Add(mail.Reminder(registration.Event, registration));
                await db.SaveChangesAsync(ct);
                queued++;
            }
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }
        return queued;
    }
}
