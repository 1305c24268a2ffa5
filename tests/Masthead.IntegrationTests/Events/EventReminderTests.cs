using Masthead.Features.Events;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Events;

public sealed class EventReminderTests_Sqlite(SqliteApp app) : EventReminderTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class EventReminderTests_Postgres(PostgresApp app) : EventReminderTests<PostgresApp>(app);

/// <summary>The reminder the day before is a durable job: sent once, whatever the number of instances or restarts.</summary>
public abstract class EventReminderTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task Two_instances_due_at_once_send_each_reminder_once()
    {
        var e = await app.NewEventAsync(TimeSpan.FromHours(30), capacity: 20);
        var emails = Enumerable.Range(0, 6).Select(i => SmtpInbox.NewAddress($"remind{i}")).ToList();
        foreach (var email in emails) await app.RegisterAsync(e, email);
        var due = e.StartsAt.AddDays(-1);
        var registrations = await app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.EventId == e.Id).ToListAsync());
        Assert.All(registrations, r => Assert.Equal(due, r.ReminderDueAt!.Value, TimeSpan.FromMilliseconds(1)));

        // Nothing goes before it is due.
        Assert.Equal(0, await Reminders(app).QueueDueAsync());

        await using var sibling = app.Sibling();
        sibling.Clock.SetUtcNow(new DateTimeOffset(due.AddMinutes(1), TimeSpan.Zero));
        await sibling.InitializeAsync();
        app.Clock.SetUtcNow(new DateTimeOffset(due.AddMinutes(1), TimeSpan.Zero));

        // Both instances' background passes run while each also runs passes of its own at once.
        var passes = await Task.WhenAll(new[] { app, sibling }.SelectMany(a => Enumerable.Range(0, 3)
            .Select(_ => Task.Run(() => Reminders(a).QueueDueAsync()))));
        foreach (var email in emails)
        {
            var mails = await SmtpInbox.WaitForAsync(email, 2, app, sibling);
            Assert.Single(mails, m => m.Subject == $"Tomorrow: {e.Title}");
        }
        // A few more passes find nothing left to do.
        for (var i = 0; i < 3; i++) Assert.Equal(0, await Reminders(sibling).QueueDueAsync());
        Assert.True(passes.Sum() <= emails.Count);
        var queued = await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Key.StartsWith("event-reminder:") && emails.Contains(m.ToAddress)));
        Assert.Equal(emails.Count, queued);
        foreach (var email in emails) Assert.Single(await SmtpInbox.ForAsync(email), m => m.Subject.StartsWith("Tomorrow", StringComparison.Ordinal));
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_reminder_that_fell_due_while_the_site_was_down_goes_when_it_starts_and_only_once()
    {
        var e = await app.NewEventAsync(TimeSpan.FromHours(26), capacity: 20);
        var email = SmtpInbox.NewAddress("restart");
        var cancelledEmail = SmtpInbox.NewAddress("gone");
        await app.RegisterAsync(e, email);
        var gone = await app.RegisterAsync(e, cancelledEmail);
        await app.WithServiceAsync<EventRegistrations, EventRegistrations.CancelOutcome>(r => r.CancelAsync(gone.Registration!.CancelToken));

        // The site comes back five hours after the reminder fell due.
        var back = new DateTimeOffset(e.StartsAt.AddDays(-1).AddHours(5), TimeSpan.Zero);
        await using (var restarted = app.Sibling())
        {
            restarted.Clock.SetUtcNow(back);
            await restarted.InitializeAsync();
            // Wait for the reminder itself: the registration's own mail may come twice (delivery is at least once,
            // and this instance's clock, five hours on, finds the first instance's claim on it long expired).
            var mails = await SmtpInbox.WaitForAsync(email, 2, restarted);
            while (!mails.Any(m => m.Subject == $"Tomorrow: {e.Title}")) mails = await SmtpInbox.WaitForAsync(email, mails.Count + 1, restarted);
            var reminder = Assert.Single(mails, m => m.Subject == $"Tomorrow: {e.Title}");
            Assert.Contains("is tomorrow", reminder.TextBody);
            Assert.Contains("Watch live: https://stream.example/live", reminder.TextBody);
            Assert.Contains("/cancel?token=", reminder.TextBody);
        }

        // And another restart later does not send it again.
        await using var again = app.Sibling();
        again.Clock.SetUtcNow(back.AddHours(1));
        await again.InitializeAsync();
        Assert.Equal(0, await Reminders(again).QueueDueAsync());
        Assert.Equal(1, await again.WithDbAsync(db => db.Outbox.CountAsync(m => m.ToAddress == email && m.Key.StartsWith("event-reminder:"))));
        Assert.DoesNotContain(await SmtpInbox.ForAsync(cancelledEmail), m => m.Subject.StartsWith("Tomorrow", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Registering_less_than_a_day_before_sends_no_reminder_and_a_moved_event_moves_its_reminders()
    {
        var soon = await app.NewEventAsync(TimeSpan.FromHours(5), capacity: 5);
        var late = await app.RegisterAsync(soon, SmtpInbox.NewAddress("late"));
        Assert.Null(late.Registration!.ReminderDueAt);

        var e = await app.NewEventAsync(TimeSpan.FromDays(3), capacity: 5);
        var r = await app.RegisterAsync(e, SmtpInbox.NewAddress("moved"));
        var moved = e.StartsAt.AddDays(2);
        await app.WithServiceAsync<EventRegistrations, (Event?, string?)>(s => s.SaveEventAsync(e.Id, new(e.Slug, e.Title, e.Description,
            e.Venue, e.StreamUrl, e.RecordingUrl, e.Capacity, moved, moved.AddHours(2))));
        var stored = await app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(x => x.Id == r.Registration!.Id));
        Assert.Equal(moved.AddDays(-1), stored.ReminderDueAt!.Value, TimeSpan.FromMilliseconds(1));
    }

    private static EventReminders Reminders(MastheadApp app) => app.Services.GetRequiredService<EventReminders>();
}
