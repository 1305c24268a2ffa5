using Masthead.Features.Newsroom;
using Masthead.Features.Publishing;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Newsroom;

public sealed class SchedulingAcrossRestartsTests_Sqlite(SqliteApp app) : SchedulingAcrossRestartsTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class SchedulingAcrossRestartsTests_Postgres(PostgresApp app) : SchedulingAcrossRestartsTests<PostgresApp>(app);

public abstract class SchedulingAcrossRestartsTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    [Fact]
    public async Task An_article_that_fell_due_while_the_site_was_down_is_published_when_it_starts()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var title = $"Due during the outage {Guid.NewGuid():N}";
        var publishAt = app.Clock.GetUtcNow().UtcDateTime.AddHours(1);
        var article = await app.WithServiceAsync<ArticleDesk, Article>(desk => desk.SaveAsync(null,
            new(title, null, "", "Body.", author.Id, section.Id, ""), ArticleDesk.Intent.Schedule, "test", publishAt));

        // A second instance starts two hours later over the same database, as after a restart.
        await using var restarted = app.Sibling();
        restarted.Clock.SetUtcNow(new DateTimeOffset(publishAt.AddHours(1), TimeSpan.Zero));
        await restarted.InitializeAsync();

        var published = await Eventually.WaitForAsync(
            () => restarted.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Id == article.Id)),
            a => a.Status == ArticleStatus.Published);
        Assert.Equal(publishAt, published.PublishedAt!.Value, TimeSpan.FromMilliseconds(1));
        var revisions = await restarted.WithDbAsync(db => db.ArticleRevisions.Where(r => r.ArticleId == article.Id).OrderBy(r => r.Number).ToListAsync());
        Assert.Equal(["Scheduled", "Published on schedule"], revisions.Select(r => r.Action));
        Assert.Equal("scheduler", revisions[^1].ChangedBy);
    }

    [Fact]
    public async Task Two_instances_publishing_the_same_schedule_publish_each_article_once()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var publishAt = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(30);
        var ids = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var a = await app.WithServiceAsync<ArticleDesk, Article>(desk => desk.SaveAsync(null,
                new($"Race {i} {Guid.NewGuid():N}", null, "", "Body.", author.Id, section.Id, ""), ArticleDesk.Intent.Schedule, "test", publishAt));
            ids.Add(a.Id);
        }
        app.Clock.SetUtcNow(new DateTimeOffset(publishAt.AddMinutes(1), TimeSpan.Zero));

        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.WithServiceAsync<ArticleDesk, int>(d => d.PublishDueAsync())));

        // The instance's own scheduler races the four callers too; what it claimed commits a moment later.
        var revisions = await Eventually.WaitForAsync(
            () => app.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => ids.Contains(r.ArticleId) && r.Action == "Published on schedule")),
            n => n >= 5);
        Assert.Equal(5, revisions);
        Assert.True(counts.Sum() <= 5);
    }
}
