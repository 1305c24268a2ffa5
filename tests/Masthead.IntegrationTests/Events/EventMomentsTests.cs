using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Events;

public sealed class EventMomentsTests_Sqlite : EventMomentsTests<SqliteApp>;
[Trait("Needs", "PostgreSQL")]
public sealed class EventMomentsTests_Postgres : EventMomentsTests<PostgresApp>;

/// <summary>
/// Reminders and event cards follow the event's own moments, not the workers' safety-net intervals: with an hour's
/// interval, a reminder due in two minutes is queued then, and a card flips when its event starts.
/// </summary>
public abstract class EventMomentsTests<TApp> where TApp : MastheadApp
{
    [Fact]
    public Task A_reminder_due_in_two_minutes_is_queued_then_with_an_hours_interval() => WithAppAsync(async app =>
    {
        // Starts a day and two minutes from now: its reminder is due in two minutes.
        var e = await app.NewEventAsync(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(2));
        var registration = (await app.RegisterAsync(e, SmtpInbox.NewAddress("remind-me"))).Registration!;
        var key = $"event-reminder:{registration.Id}";

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(300);
        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.Key == key)), "nothing goes before it is due");

        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await Eventually.WaitForAsync(() => app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.Key == key)), queued => queued, seconds: 5);
    });

    [Fact]
    public Task A_cached_article_shows_the_live_button_when_the_event_starts_with_an_hours_interval() => WithAppAsync(async app =>
    {
        var soon = await app.NewEventAsync(TimeSpan.FromMinutes(2));
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var article = await app.PublishAsync(author, section, $"Tonight {Guid.NewGuid():N}", $"Join us.\n\n[{soon.Title}]({soon.Path})");
        var client = app.CreateClient();
        async Task<string> ActionAsync() =>
            (await client.GetDocumentAsync($"/articles/{article.Slug}")).QuerySelector(".article-card__action")!.TextContent.Trim();
        Assert.Equal("Register", await ActionAsync());

        // The page sits in the output cache; the event starts, and nobody calls the refresher by hand.
        app.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await Eventually.WaitForAsync(ActionAsync, action => action == "Watch live", seconds: 5);
    });

    /// <summary>An instance of its own whose workers look for work nobody told them about only once an hour.</summary>
    private static async Task WithAppAsync(Func<MastheadApp, Task> test)
    {
        var app = Activator.CreateInstance<TApp>();
        app.WithSetting("Events:ReminderInterval", "01:00:00");
        app.WithSetting("Events:CardRefreshInterval", "01:00:00");
        try
        {
            await app.InitializeAsync();
            await test(app);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
