using Masthead.Features.Events;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Events;

public sealed class EventCardInArticleTests_Sqlite(SqliteApp app) : EventCardInArticleTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class EventCardInArticleTests_Postgres(PostgresApp app) : EventCardInArticleTests<PostgresApp>(app);

/// <summary>An event linked on a line of its own in an article shows as a card whose button follows the event's clock.</summary>
public abstract class EventCardInArticleTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    [Fact]
    public async Task An_upcoming_event_shows_a_card_to_register_and_a_past_one_a_card_to_watch_its_recording()
    {
        var upcoming = await app.NewEventAsync(TimeSpan.FromDays(5));
        var past = await app.NewEventAsync(TimeSpan.FromDays(-3), recording: "https://video.example/recording");
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var article = await app.PublishAsync(author, section, $"Two meetings {Guid.NewGuid():N}",
            $"The branch is busy.\n\n[{upcoming.Title}]({upcoming.Path})\n\nAnd last week:\n\n[{past.Title}]({past.Path})\n\nSee you there.");

        var page = await app.CreateClient().GetDocumentAsync($"/articles/{article.Slug}");
        var cards = page.QuerySelectorAll(".article__body aside.article-card--event");
        Assert.Equal(2, cards.Length);
        var first = cards[0];
        Assert.Equal($"Event: {upcoming.Title}", first.GetAttribute("aria-label"));
        Assert.Equal("Register", first.QuerySelector(".article-card__action")!.TextContent.Trim());
        Assert.Equal(upcoming.Path, first.QuerySelector(".article-card__action")!.GetAttribute("href"));
        Assert.Equal("Watch the event", cards[1].QuerySelector(".article-card__action")!.TextContent.Trim());
        // The surrounding words stay; only the lone links became cards.
        Assert.Contains("The branch is busy.", page.QuerySelector(".article__body")!.TextContent);

        // What is stored (and what feeds and email are made from) keeps the plain link.
        Assert.Contains($"href=\"{upcoming.Path}\"", article.BodyHtml);
        Assert.DoesNotContain("article-card", article.BodyHtml);

        // The event page links back to the article that features it.
        var eventPage = await app.CreateClient().GetDocumentAsync(upcoming.Path);
        Assert.Contains(eventPage.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/articles/{article.Slug}");
    }

    [Fact]
    public async Task A_cached_article_shows_the_live_button_once_the_event_starts()
    {
        var soon = await app.NewEventAsync(TimeSpan.FromMinutes(30));
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var article = await app.PublishAsync(author, section, $"Tonight {Guid.NewGuid():N}", $"Join us.\n\n[{soon.Title}]({soon.Path})");
        var client = app.CreateClient();
        string Action(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelector(".article-card__action")!.TextContent.Trim();
        Assert.Equal("Register", Action(await client.GetDocumentAsync($"/articles/{article.Slug}")));

        // The page now sits in the output cache; the event starts.
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        await app.Services.GetRequiredService<EventCardRefresher>().RefreshAsync();
        Assert.Equal("Watch live", Action(await client.GetDocumentAsync($"/articles/{article.Slug}")));
    }
}
