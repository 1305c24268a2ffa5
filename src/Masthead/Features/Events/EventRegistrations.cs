using System.Security.Cryptography;
using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Events;

/// <summary>
/// Places at events: registering, the waiting list, cancelling and promotion. Every change to one event's
/// registrations first bumps <see cref="Event.RegistrationsVersion"/> inside its transaction, which queues
/// the changes to that event one after another on both engines; counting places and deciding who gets one
/// then cannot race, so an event never has more registered than places, whatever arrives at once.
/// </summary>
/// <remarks>
/// Whatever sets a reminder's time or an event's times wakes this instance's <see cref="EventReminders"/> and
/// <see cref="EventCardRefresher"/> once committed: they sleep until the next moment that matters, which may now be sooner.
/// </remarks>
public sealed class EventRegistrations(MastheadDb db, PaperClock clock, EventMail mail, IOptions<EventsOptions> options,
    Wakeup<EventReminders> reminders, Wakeup<EventCardRefresher> cards, ILogger<EventRegistrations> log)
{
    public enum Outcome
    {
        Registered,
        Waiting,
        AlreadyRegistered,
        AlreadyWaiting,
        /// <summary>The event has started or is over: registration has closed.</summary>
        Closed,
        NotFound,
    }

    public sealed record Result(Outcome Outcome, Registration? Registration = null, int? Position = null);

    public enum CancelOutcome
    {
        Cancelled,
        AlreadyCancelled,
        /// <summary>The event has started or is over: there is nothing left to cancel.</summary>
        TooLate,
        NotFound,
    }

    /// <summary>Registers a person, or puts them on the waiting list when every place is taken; emails them either way.</summary>
    public async Task<Result> RegisterAsync(int eventId, string name, string email, CancellationToken ct = default)
    {
        email = NormaliseEmail(email);
        using var gate = await WriteGate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ev = await LockAsync(eventId, ct);
        if (ev is null) return new(Outcome.NotFound);
        var now = clock.UtcNow;
        if (ev.StateAt(now) != EventState.Upcoming) return new(Outcome.Closed);

        var existing = await db.Registrations.AsNoTracking()
            .FirstOrDefaultAsync(r => r.EventId == eventId && r.Email == email && r.Status != RegistrationStatus.Cancelled, ct);
        if (existing is not null)
        {
            return existing.Status == RegistrationStatus.Registered
                ? new(Outcome.AlreadyRegistered, existing)
                : new(Outcome.AlreadyWaiting, existing, await PositionAsync(existing, ct));
        }

        // Someone already waiting keeps their turn: a place that frees goes to them, never to a newcomer.
        var hasPlace = await FreePlacesAsync(ev, ct) > 0
            && !await db.Registrations.AnyAsync(r => r.EventId == eventId && r.Status == RegistrationStatus.Waiting, ct);
        var registration = new Registration
        {
            EventId = eventId,
            Name = name.Trim(),
            Email = email,
            CancelToken = NewToken(),
            SiteRoot = mail.SiteRoot,
            Status = hasPlace ? RegistrationStatus.Registered : RegistrationStatus.Waiting,
            CreatedAt = now,
            ReminderDueAt = hasPlace ? ReminderDue(ev, now) : null,
        };
        db.Registrations.Add(registration);
        await db.SaveChangesAsync(ct);
        int? position = null;
        if (hasPlace)
        {
            db.Outbox.Add(mail.Registered(ev, registration));
        }
        else
        {
            position = await PositionAsync(registration, ct);
            db.Outbox.Add(mail.Waiting(ev, registration, position.Value));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (hasPlace) reminders.Wake();
        return new(hasPlace ? Outcome.Registered : Outcome.Waiting, registration, position);
    }

    /// <summary>The registration a cancellation link names, or null when the token is not one of ours.</summary>
    public Task<Registration?> FindByTokenAsync(string? token, CancellationToken ct = default) =>
        string.IsNullOrEmpty(token) || token.Length > 64
            ? Task.FromResult<Registration?>(null)
            : db.Registrations.AsNoTracking().Include(r => r.Event).FirstOrDefaultAsync(r => r.CancelToken == token, ct);

    /// <summary>Cancels the registration a link names; a place it frees goes to the first person waiting.</summary>
    public async Task<CancelOutcome> CancelAsync(string? token, CancellationToken ct = default)
    {
        var found = await FindByTokenAsync(token, ct);
        if (found is null) return CancelOutcome.NotFound;
        using var gate = await WriteGate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ev = await LockAsync(found.EventId, ct);
        var registration = await db.Registrations.SingleAsync(r => r.Id == found.Id, ct);
        if (registration.Status == RegistrationStatus.Cancelled) return CancelOutcome.AlreadyCancelled;
        var now = clock.UtcNow;
        if (ev!.StateAt(now) != EventState.Upcoming) return CancelOutcome.TooLate;

        registration.Status = RegistrationStatus.Cancelled;
        registration.CancelledAt = now;
        registration.ReminderDueAt = null;
        await db.SaveChangesAsync(ct);
        await FillPlacesAsync(ev, ct);
        await tx.CommitAsync(ct);
        reminders.Wake(); // a place freed may have gone to someone waiting, with a reminder of their own
        return CancelOutcome.Cancelled;
    }

    /// <summary>What staff set on an event's form, times in UTC.</summary>
    public sealed record EventFields(string Slug, string Title, string Description, string? Venue, string? StreamUrl,
        string? RecordingUrl, int? Capacity, DateTime StartsAt, DateTime EndsAt);

    /// <summary>
    /// Creates an event (no <paramref name="id"/>) or saves staff's changes to one and, in the same transaction,
    /// moves reminders not yet sent with its time and gives places a larger capacity adds to the people waiting.
    /// Returns a problem to show instead when the capacity is below the people already registered.
    /// </summary>
    public async Task<(Event? Event, string? Problem)> SaveEventAsync(int? id, EventFields f, CancellationToken ct = default)
    {
        using var gate = await WriteGate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.UtcNow;
        Event ev;
        if (id is null)
        {
            ev = new Event { Slug = f.Slug, Title = f.Title, CreatedAt = now };
            db.Events.Add(ev);
        }
        else
        {
            ev = await LockAsync(id.Value, ct) ?? throw new InvalidOperationException($"No event {id}");
            var registered = await db.Registrations.CountAsync(r => r.EventId == ev.Id && r.Status == RegistrationStatus.Registered, ct);
            if (f.Capacity is { } capacity && capacity < registered)
                return (null, $"{registered} people are registered already: the capacity cannot be less than that.");
        }
        ev.Slug = f.Slug;
        ev.Title = f.Title;
        ev.Description = f.Description;
        ev.Venue = f.Venue;
        ev.StreamUrl = f.StreamUrl;
        ev.RecordingUrl = f.RecordingUrl;
        ev.Capacity = f.Capacity;
        ev.StartsAt = f.StartsAt;
        ev.EndsAt = f.EndsAt;
        ev.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        if (id is not null)
        {
            var due = ReminderDue(ev, now);
            await db.Registrations
                .Where(r => r.EventId == ev.Id && r.Status == RegistrationStatus.Registered && r.ReminderSentAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReminderDueAt, due), ct);
            await FillPlacesAsync(ev, ct);
        }
        await tx.CommitAsync(ct);
        reminders.Wake();
        cards.Wake();
        return (ev, null);
    }

    /// <summary>A person's place in the queue, counting from 1.</summary>
    public Task<int> PositionAsync(Registration waiting, CancellationToken ct = default) =>
        db.Registrations.CountAsync(r => r.EventId == waiting.EventId && r.Status == RegistrationStatus.Waiting && r.Id <= waiting.Id, ct);

    public async Task<int> FreePlacesAsync(Event ev, CancellationToken ct = default)
    {
        if (ev.Capacity is not { } capacity) return int.MaxValue;
        var registered = await db.Registrations.CountAsync(r => r.EventId == ev.Id && r.Status == RegistrationStatus.Registered, ct);
        return Math.Max(0, capacity - registered);
    }

    /// <summary>Gives free places to the people waiting, first come first served, and emails each. Call holding the event's lock.</summary>
    private async Task FillPlacesAsync(Event ev, CancellationToken ct)
    {
        var now = clock.UtcNow;
        if (ev.StateAt(now) != EventState.Upcoming) return;
        var free = await FreePlacesAsync(ev, ct);
        if (free == 0) return;
        var next = await db.Registrations.Where(r => r.EventId == ev.Id && r.Status == RegistrationStatus.Waiting)
            .OrderBy(r => r.Id).Take(Math.Min(free, 1000)).ToListAsync(ct);
        foreach (var r in next)
        {
            r.Status = RegistrationStatus.Registered;
            r.PromotedAt = now;
            r.ReminderDueAt = ReminderDue(ev, now);
            db.Outbox.Add(mail.Promoted(ev, r));
        }
        await db.SaveChangesAsync(ct);
        if (next.Count > 0) log.LogInformation("Gave {Count} place(s) at event {EventId} to people waiting", next.Count, ev.Id);
    }

    /// <summary>Queues the event's changes behind any other in progress and reads it afresh; null when there is no such event.</summary>
    private async Task<Event?> LockAsync(int eventId, CancellationToken ct)
    {
        var locked = await db.Events.Where(e => e.Id == eventId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.RegistrationsVersion, e => e.RegistrationsVersion + 1), ct);
        if (locked == 0) return null;
        var ev = await db.Events.SingleAsync(e => e.Id == eventId, ct);
        await db.Entry(ev).ReloadAsync(ct);
        return ev;
    }

    /// <summary>A day (by default) before the start; none when that moment has already passed.</summary>
    private DateTime? ReminderDue(Event ev, DateTime now)
    {
        var due = ev.StartsAt - options.Value.ReminderLead;
        return due > now ? due : null;
    }

    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
