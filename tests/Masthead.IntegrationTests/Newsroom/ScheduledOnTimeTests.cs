using Masthead.Features.Newsroom;
using Masthead.Features.Publishing;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Newsroom;

public sealed class ScheduledOnTimeTests_Sqlite : ScheduledOnTimeTests<SqliteApp>;
[Trait("Needs", "PostgreSQL")]
public sealed class ScheduledOnTimeTests_Postgres : ScheduledOnTimeTests<PostgresApp>;

/// <summary>
/// The scheduler sleeps until the first scheduled article is due, not for its safety-net interval: with an hour's
/// interval, an article scheduled two minutes ahead goes out when the clock reaches it.
/// </summary>
public abstract class ScheduledOnTimeTests<TApp> where TApp : MastheadApp
{
    [Fact]
    public async Task An_article_scheduled_sooner_than_the_one_waiting_goes_out_at_its_time_with_an_hours_interval()
    {
        var app = Activator.CreateInstance<TApp>();
        app.WithSetting("Newsroom:SchedulerInterval", "01:00:00");
        try
        {
            await app.InitializeAsync();
            await PublishesOnTimeAsync(app);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task PublishesOnTimeAsync(MastheadApp app)
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;

        // The scheduler first sleeps until this one, fifty minutes ahead…
        var later = await ScheduleAsync(app, author, section, "Later", now.AddMinutes(50));
        // …and an editor then schedules another for two minutes ahead, which must wake it.
        var sooner = await ScheduleAsync(app, author, section, "Sooner", now.AddMinutes(2));

        app.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var published = await Eventually.WaitForAsync(() => StateOf(app, sooner.Id), a => a.Status == ArticleStatus.Published, seconds: 5);
        Assert.Equal(sooner.PublishAt!.Value, published.PublishedAt!.Value, TimeSpan.FromMilliseconds(1)); // PostgreSQL keeps microseconds
        Assert.Equal(ArticleStatus.Scheduled, (await StateOf(app, later.Id)).Status);

        // The next one is honoured too, once the clock reaches it (still well inside the hour).
        app.Clock.Advance(TimeSpan.FromMinutes(48));
        await Eventually.WaitForAsync(() => StateOf(app, later.Id), a => a.Status == ArticleStatus.Published, seconds: 5);
    }

    private static Task<Article> ScheduleAsync(MastheadApp app, Author author, Section section, string title, DateTime at) =>
        app.WithServiceAsync<ArticleDesk, Article>(desk => desk.SaveAsync(null,
            new($"{title} {Guid.NewGuid():N}", null, "", "Body.", author.Id, section.Id, ""), ArticleDesk.Intent.Schedule, "test", at));

    private static Task<Article> StateOf(MastheadApp app, int id) =>
        app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Id == id));
}
