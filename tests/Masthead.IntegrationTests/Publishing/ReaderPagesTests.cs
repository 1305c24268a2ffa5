using System.Net;
using System.Text.Json;
using Masthead.IntegrationTests.Infrastructure;

namespace Masthead.IntegrationTests.Publishing;

public sealed class ReaderPagesTests_Sqlite(SqliteApp app) : ReaderPagesTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class ReaderPagesTests_Postgres(PostgresApp app) : ReaderPagesTests<PostgresApp>(app);

public abstract class ReaderPagesTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    [Fact]
    public async Task Article_page_has_the_frame_headline_byline_time_and_metadata()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var article = await app.PublishAsync(author, section, "Tenants win the right to a fair rent",
            "## A long fight\n\nThe *tenants* won.", "After ten years of campaigning, a victory.");
        var client = app.CreateClient();

        var page = await client.GetDocumentAsync($"/articles/{article.Slug}");

        var firstFocusable = page.QuerySelector("a[href], button, input, select, textarea")!;
        Assert.Equal("Skip to main content", firstFocusable.TextContent.Trim());
        Assert.Equal("#main", firstFocusable.GetAttribute("href"));
        Assert.Equal("main", page.GetElementById("main")!.LocalName);

        var h1 = Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal("Tenants win the right to a fair rent", h1.TextContent.Trim());
        Assert.Contains("After ten years of campaigning, a victory.", page.QuerySelector(".article__standfirst")!.TextContent);
        var byline = page.QuerySelector(".byline a[rel=author]")!;
        Assert.Equal($"/author/{author.Slug}", byline.GetAttribute("href"));
        Assert.Equal(author.Name, byline.TextContent.Trim());
        Assert.False(string.IsNullOrEmpty(page.QuerySelector(".byline time")!.GetAttribute("datetime")));
        Assert.Equal("A long fight", page.QuerySelector(".article__body h2")!.TextContent);
        Assert.Equal("tenants", page.QuerySelector(".article__body em")!.TextContent);

        Assert.Equal($"https://localhost/articles/{article.Slug}", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("Tenants win the right to a fair rent", page.QuerySelector("meta[property='og:title']")!.GetAttribute("content"));
        var feeds = page.QuerySelectorAll("link[rel=alternate]").Select(l => l.GetAttribute("href")).ToList();
        Assert.Contains("/feed.xml", feeds);
        Assert.Contains($"/author/{author.Slug}/feed.xml", feeds);
        Assert.Contains($"/section/{section.Slug}/feed.xml", feeds);

        using var jsonLd = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Equal("NewsArticle", jsonLd.RootElement.GetProperty("@type").GetString());
        Assert.Equal("Tenants win the right to a fair rent", jsonLd.RootElement.GetProperty("headline").GetString());
        Assert.Equal(author.Name, jsonLd.RootElement.GetProperty("author").GetProperty("name").GetString());

        Assert.NotNull(page.QuerySelector("nav[aria-label=Sections]"));
        Assert.Contains("co-operative", page.QuerySelector(".site-footer__blurb")!.TextContent);
        Assert.NotNull(page.QuerySelector("[data-region=fighting-fund]"));
    }

    [Fact]
    public async Task Script_in_a_body_is_removed_and_script_in_a_headline_is_shown_as_text()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var article = await app.PublishAsync(author, section, "<script>alert('headline')</script> Fair pay now",
            "Hello <script>alert('body')</script><img src=x onerror=\"alert(1)\"> [click](javascript:alert(2)) <b>bold</b>");
        var client = app.CreateClient();

        var response = await client.GetAsync($"/articles/{article.Slug}");
        var html = await response.Content.ReadAsStringAsync();
        var page = await HttpExtensions.ReadDocumentAsync(new HttpResponseMessage { Content = new StringContent(html) });

        // The only scripts are the site's own files and the JSON-LD data block.
        Assert.All(page.QuerySelectorAll("script"), s =>
            Assert.True(s.GetAttribute("type") == "application/ld+json" || s.GetAttribute("src")?.StartsWith("/js/") == true, s.OuterHtml));
        // The headline inside the JSON-LD is escaped, so it cannot close the data block.
        Assert.DoesNotContain("<", page.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.DoesNotContain("onerror", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Equal("bold", page.QuerySelector(".article__body b")!.TextContent);
        Assert.Equal("<script>alert('headline')</script> Fair pay now", page.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task Unpublished_articles_are_not_found()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var draft = await app.WithServiceAsync<Features.Newsroom.ArticleDesk, Features.Publishing.Article>(desk =>
            desk.SaveAsync(null, new("A draft nobody should see", null, "", "Secret.", author.Id, section.Id, ""),
                Features.Newsroom.ArticleDesk.Intent.SaveDraft, "test"));
        var client = app.CreateClient();

        await client.GetDocumentAsync($"/articles/{draft.Slug}", HttpStatusCode.NotFound);
        var sectionPage = await client.GetDocumentAsync($"/section/{section.Slug}");
        Assert.DoesNotContain("A draft nobody should see", sectionPage.Body!.TextContent);
    }

    [Fact]
    public async Task Home_page_leads_with_the_latest_story_and_groups_the_rest_by_section()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.PublishAsync(author, section, "Older story on the desk", publishedAt: now.AddMinutes(-30));
        var lead = await app.PublishAsync(author, section, "Newest story leads the paper", publishedAt: now.AddMinutes(5));
        var client = app.CreateClient();

        var home = await client.GetDocumentAsync("/");

        Assert.Equal("Newest story leads the paper", home.QuerySelector(".lead-story__headline")!.TextContent.Trim());
        var block = home.QuerySelector($"#section-{section.Slug}")!.Closest("section")!;
        Assert.Contains("Older story on the desk", block.TextContent);
        Assert.Contains(home.QuerySelectorAll("nav[aria-label=Sections] a"), a => a.GetAttribute("href") == $"/section/{section.Slug}");
        Assert.Equal($"/articles/{lead.Slug}", home.QuerySelector(".lead-story__headline a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Long_section_lists_are_paged()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        for (var i = 1; i <= 13; i++)
        {
            await app.PublishAsync(author, section, $"Paged story number {i:00}", publishedAt: now.AddMinutes(-100 + i));
        }
        var client = app.CreateClient();

        var first = await client.GetDocumentAsync($"/section/{section.Slug}");
        var second = await client.GetDocumentAsync($"/section/{section.Slug}?page=2");

        Assert.Equal(12, first.QuerySelectorAll(".teaser").Length);
        Assert.Equal("Paged story number 13", first.QuerySelector(".teaser__headline")!.TextContent.Trim());
        Assert.Contains("Page 1 of 2", first.QuerySelector(".pager")!.TextContent);
        Assert.Equal($"/section/{section.Slug}?page=2", first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href"));
        var only = Assert.Single(second.QuerySelectorAll(".teaser"));
        Assert.Contains("Paged story number 01", only.TextContent);
    }

    [Fact]
    public async Task Author_page_shows_biography_links_articles_and_own_feed()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        await app.PublishAsync(author, section, "Writing from the picket line");
        var client = app.CreateClient();

        var page = await client.GetDocumentAsync($"/author/{author.Slug}");

        Assert.Equal(author.Name, page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains(author.Bio, page.QuerySelector(".author-header__bio")!.TextContent);
        var follow = page.QuerySelector(".follow")!;
        Assert.StartsWith("Follow Writer at Mastodon", string.Join(' ', follow.TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));
        Assert.Contains(follow.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/author/{author.Slug}/feed.xml");
        Assert.Contains("Writing from the picket line", page.QuerySelector(".teasers")!.TextContent);
        await client.GetDocumentAsync("/author/nobody-by-this-name", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Article_page_offers_more_from_the_same_section()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var other = await app.PublishAsync(author, section, "Another story on the same desk");
        var article = await app.PublishAsync(author, section, "The story being read");

        var page = await app.CreateClient().GetDocumentAsync($"/articles/{article.Slug}");

        var links = page.QuerySelectorAll(".more a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Equal([("Another story on the same desk", $"/articles/{other.Slug}")], links);
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_outside_development()
    {
        var client = app.CreateClient(new() { BaseAddress = new Uri("https://paper.example"), AllowAutoRedirect = false });
        var response = await client.GetAsync("/");
        Assert.Contains("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task Security_headers_are_on_every_response()
    {
        var client = app.CreateClient();
        foreach (var url in new[] { "/", "/signin", "/no-such-page", "/feed.xml" })
        {
            var response = await client.GetAsync(url);
            var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task Cookies_are_secure_http_only_and_same_site()
    {
        var client = app.CreateClient();
        var response = await client.GetAsync("/signin");
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c =>
        {
            Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite", c, StringComparison.OrdinalIgnoreCase);
        });

        var email = await app.CreateStaffAsync(Infrastructure.Roles.Editor);
        var signIn = await client.PostFormAsync("/signin", new() { ["Email"] = email, ["Password"] = MastheadApp.StaffPassword });
        var session = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("masthead.staff="));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
    }
}
