using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Masthead.IntegrationTests.Infrastructure;

namespace Masthead.IntegrationTests.Publishing;

public sealed class FeedsAndSearchTests_Sqlite(SqliteApp app) : FeedsAndSearchTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class FeedsAndSearchTests_Postgres(PostgresApp app) : FeedsAndSearchTests<PostgresApp>(app);

public abstract class FeedsAndSearchTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace News = "http://www.google.com/schemas/sitemap-news/0.9";

    private async Task<XDocument> GetXmlAsync(HttpClient client, string url, string mediaType)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static List<string> RssTitles(XDocument feed) =>
        feed.Root!.Element("channel")!.Elements("item").Select(i => i.Element("title")!.Value).ToList();

    [Fact]
    public async Task Site_section_and_author_feeds_list_their_own_articles()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var (otherAuthor, otherSection) = await app.NewAuthorAndSectionAsync();
        var mine = await app.PublishAsync(author, section, "Feed story by the first writer");
        await app.PublishAsync(otherAuthor, otherSection, "Feed story by another writer");
        var client = app.CreateClient();

        var site = await GetXmlAsync(client, "/feed.xml", "application/rss+xml");
        var bySection = await GetXmlAsync(client, $"/section/{section.Slug}/feed.xml", "application/rss+xml");
        var byAuthor = await GetXmlAsync(client, $"/author/{author.Slug}/feed.xml", "application/rss+xml");

        Assert.Equal("2.0", site.Root!.Attribute("version")!.Value);
        Assert.Contains("Feed story by the first writer", RssTitles(site));
        Assert.Contains("Feed story by another writer", RssTitles(site));
        Assert.Equal(["Feed story by the first writer"], RssTitles(bySection));
        Assert.Equal(["Feed story by the first writer"], RssTitles(byAuthor));
        var item = byAuthor.Root!.Element("channel")!.Element("item")!;
        Assert.Equal($"https://localhost/articles/{mine.Slug}", item.Element("link")!.Value);
        Assert.False(string.IsNullOrEmpty(item.Element("pubDate")!.Value));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/author/no-such-writer/feed.xml")).StatusCode);
    }

    [Fact]
    public async Task Sitemap_lists_articles_with_news_entries_only_for_the_last_two_days()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var fresh = await app.PublishAsync(author, section, "Fresh news for the sitemap", publishedAt: now.AddHours(-3));
        var old = await app.PublishAsync(author, section, "Old news for the sitemap", publishedAt: now.AddDays(-3));
        var client = app.CreateClient();

        var sitemap = await GetXmlAsync(client, "/sitemap.xml", "application/xml");

        XElement Entry(string slug) => sitemap.Root!.Elements(Sitemap + "url")
            .Single(u => u.Element(Sitemap + "loc")!.Value == $"https://localhost/articles/{slug}");
        Assert.Equal("Fresh news for the sitemap", Entry(fresh.Slug).Element(News + "news")!.Element(News + "title")!.Value);
        Assert.Null(Entry(old.Slug).Element(News + "news"));
        Assert.Contains(sitemap.Root!.Elements(Sitemap + "url"), u => u.Element(Sitemap + "loc")!.Value == $"https://localhost/author/{author.Slug}");
        // Each feature's standing pages are there too.
        foreach (var page in new[] { "/fund", "/support", "/shares", "/events" })
            Assert.Contains(sitemap.Root!.Elements(Sitemap + "url"), u => u.Element(Sitemap + "loc")!.Value == $"https://localhost{page}");

        var robots = await client.GetStringAsync("/robots.txt");
        Assert.Contains("Sitemap: https://localhost/sitemap.xml", robots);
        Assert.Contains("Disallow: /newsroom", robots);
    }

    [Fact]
    public async Task Search_ranks_headline_matches_first_and_highlights_the_words()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var word = "zq" + Guid.NewGuid().ToString("N")[..6];
        await app.PublishAsync(author, section, "A story that mentions it in passing",
            $"Deep in the body the word {word} appears once among many others about the weather and the harvest.");
        var headline = await app.PublishAsync(author, section, $"Why {word} matters to every reader",
            $"The {word} question is the subject of this whole piece.");
        var client = app.CreateClient();

        var page = await client.GetDocumentAsync($"/search?q={word}");

        var results = page.QuerySelectorAll(".search-results > li");
        Assert.Equal(2, results.Length);
        Assert.Equal($"/articles/{headline.Slug}", results[0].QuerySelector("h2 a")!.GetAttribute("href"));
        Assert.Equal(word, results[1].QuerySelector(".search-snippet mark")!.TextContent);
        Assert.Contains("2 articles match", page.QuerySelector(".search-count")!.TextContent);
    }

    [Fact]
    public async Task Search_finds_words_by_their_stem_and_not_drafts()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        await app.PublishAsync(author, section, $"Organisers {tag} campaigning", $"The organisers {tag} were campaigning all week.");
        await app.WithServiceAsync<Features.Newsroom.ArticleDesk, Features.Publishing.Article>(desk =>
            desk.SaveAsync(null, new($"Draft {tag} campaign", null, "", $"Unpublished {tag} campaign.", author.Id, section.Id, ""),
                Features.Newsroom.ArticleDesk.Intent.SaveDraft, "test"));
        var client = app.CreateClient();

        var page = await client.GetDocumentAsync($"/search?q={tag}+campaign");

        var result = Assert.Single(page.QuerySelectorAll(".search-results > li"));
        Assert.Contains($"Organisers {tag} campaigning", result.TextContent);
    }

    [Theory]
    [InlineData("\"unbalanced quote")]
    [InlineData("NEAR(a b) OR * AND -")]
    [InlineData("title:secret ^ {x}")]
    [InlineData("!!!")]
    public async Task Search_treats_operators_and_stray_quotes_as_plain_text(string query)
    {
        var client = app.CreateClient();
        var response = await client.GetAsync($"/search?q={Uri.EscapeDataString(query)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_over_long_search_is_refused_with_a_message()
    {
        var client = app.CreateClient();
        var page = await client.GetDocumentAsync($"/search?q={new string('a', 500)}", HttpStatusCode.BadRequest);
        Assert.Contains("at most 200 characters", page.QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task Public_pages_are_cached_with_an_etag_and_refreshed_when_an_article_changes()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var article = await app.PublishAsync(author, section, "Cached headline before the edit");
        var client = app.CreateClient();

        var first = await client.GetAsync($"/articles/{article.Slug}");
        var etag = first.Headers.ETag!;
        Assert.Equal("public, no-cache", first.Headers.CacheControl!.ToString());

        var conditional = new HttpRequestMessage(HttpMethod.Get, $"/articles/{article.Slug}");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);

        await app.EditAsync(article.Id, a => new("Cached headline after the edit", a.Slug, "", "Edited.", author.Id, section.Id, ""));

        var again = new HttpRequestMessage(HttpMethod.Get, $"/articles/{article.Slug}");
        again.Headers.IfNoneMatch.Add(etag);
        var refreshed = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.NotEqual(etag, refreshed.Headers.ETag);
        Assert.Contains("Cached headline after the edit", await refreshed.Content.ReadAsStringAsync());
    }
}
