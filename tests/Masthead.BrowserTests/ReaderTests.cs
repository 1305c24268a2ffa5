using System.Globalization;
using System.Xml.Linq;
using Masthead.BrowserTests.Infrastructure;
using Masthead.BrowserTests.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Masthead.BrowserTests;

public sealed class ReaderTests(PaperFixture paper) : PaperTest(paper)
{
    [Fact]
    public async Task Reader_finds_a_just_published_article_on_the_front_page_opens_it_and_finds_it_through_search()
    {
        var article = TestArticle.Unique();
        var reader = await OpenPageAsync();
        // The reader has the front page open (and in the output cache) before the article goes out.
        await reader.GotoAsync("/");
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Name = "Latest" })).ToBeVisibleAsync();

        var newsroom = await OpenNewsroomAsync();
        var editor = await ArticleEditor.OpenBlankAsync(newsroom);
        await editor.FillAsync(article);
        await editor.PublishNowAsync();
        await Expect(editor.Notice).ToContainTextAsync("Published");

        await reader.ReloadAsync();
        var main = reader.GetByRole(AriaRole.Main);
        await main.GetByRole(AriaRole.Link, new() { Name = article.Headline }).First.ClickAsync();

        await Expect(reader).ToHaveURLAsync(new Uri(Paper.Host.BaseAddress, article.Path).ToString());
        await Expect(reader.Locator("h1")).ToHaveCountAsync(1);
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(article.Headline);
        await Expect(reader).ToHaveTitleAsync($"{article.Headline} | The Daily Masthead");
        var byline = reader.Locator(".byline");
        await Expect(byline.GetByRole(AriaRole.Link, new() { Name = article.AuthorName, Exact = true }))
            .ToHaveAttributeAsync("href", $"/author/{article.AuthorSlug}");
        var published = await byline.Locator("time").GetAttributeAsync("datetime");
        Assert.True(DateTimeOffset.TryParseExact(published, "yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var publishedAt),
            $"The byline's <time datetime> should be an ISO 8601 date with offset, not '{published}'.");
        Assert.InRange(publishedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        await Expect(reader.GetByText("Follow Ruth at")).ToHaveTextAsync("Follow Ruth at Mastodon, Bluesky and through Ruth's feed");

        // The byline leads to the author's page, which lists the article.
        await byline.GetByRole(AriaRole.Link, new() { Name = article.AuthorName, Exact = true }).ClickAsync();
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(article.AuthorName);
        await Expect(reader.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = article.Headline })).ToBeVisibleAsync();

        // Search from the navigation, the way a reader would.
        await reader.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = "Search" }).ClickAsync();
        await reader.GetByLabel("Search the paper").FillAsync(article.Keyword);
        await reader.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        await Expect(reader.GetByRole(AriaRole.Status)).ToHaveTextAsync($"1 article matches “{article.Keyword}”.");
        var hit = reader.GetByRole(AriaRole.Listitem).Filter(new() { Has = reader.GetByRole(AriaRole.Link, new() { Name = article.Headline }) });
        await Expect(hit).ToHaveCountAsync(1);
        await Expect(hit.Locator("mark").First).ToHaveTextAsync(article.Keyword);
    }

    [Fact]
    public async Task Authors_feed_lists_an_article_as_soon_as_it_is_published()
    {
        var article = TestArticle.Unique();
        var page = await OpenPageAsync();
        var feedPath = $"/author/{article.AuthorSlug}/feed.xml";
        // Read once before publishing, so a stale cached feed would be caught.
        Assert.DoesNotContain(article.Headline, await ItemTitlesAsync(page, feedPath));

        await Paper.Host.PublishAsync(article);

        var titles = await ItemTitlesAsync(page, feedPath);
        Assert.Contains(article.Headline, titles);
        Assert.Equal(article.Headline, titles[0]);
    }

    private static async Task<List<string>> ItemTitlesAsync(IPage page, string path)
    {
        var response = await page.APIRequest.GetAsync(path);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/rss+xml", response.Headers["content-type"]);
        var rss = XDocument.Parse(await response.TextAsync());
        Assert.Equal("2.0", rss.Root?.Attribute("version")?.Value);
        return rss.Descendants("item").Select(i => (string?)i.Element("title") ?? "").ToList();
    }
}
