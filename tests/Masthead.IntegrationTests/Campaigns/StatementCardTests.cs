using System.Net;
using Masthead.Features.Campaigns;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Campaigns;

public sealed class StatementCardTests_Sqlite(SqliteApp app) : StatementCardTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class StatementCardTests_Postgres(PostgresApp app) : StatementCardTests<PostgresApp>(app);

/// <summary>Statements woven into articles as cards, linked back from their pages, in the sitemap and embeddable elsewhere.</summary>
public abstract class StatementCardTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    [Fact]
    public async Task A_statement_link_alone_on_its_line_becomes_a_card_while_the_stored_body_keeps_the_link()
    {
        var statement = await Statements.NewAsync(app, target: 10);
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var body = $"""
            First paragraph.

            <https://localhost{statement.Path}>

            A sentence that mentions [the statement]({statement.Path}) in passing stays a link.

            [Sign it here]({statement.Path}?ref=article)

            [Elsewhere](https://elsewhere.example{statement.Path})
            """;
        var article = await app.PublishAsync(author, section, $"Card article {Guid.NewGuid():N}", body);
        var client = app.CreateClient();

        var page = await client.GetDocumentAsync($"/articles/{article.Slug}");
        var cards = page.QuerySelectorAll(".article__body .article-card");
        Assert.Equal(2, cards.Length);
        var card = cards[0];
        Assert.Equal(statement.Title, card.QuerySelector(".article-card__title")!.TextContent);
        Assert.Equal("No one has signed yet · target 10", card.QuerySelector(".article-card__detail")!.TextContent);
        Assert.Equal("Sign the statement", card.QuerySelector("a.button")!.TextContent);
        Assert.Equal(statement.Path, card.QuerySelector("a.button")!.GetAttribute("href"));
        Assert.Equal("0", card.QuerySelector("progress")!.GetAttribute("value"));
        Assert.Contains(page.QuerySelectorAll(".article__body p a"), a => a.TextContent == "the statement");
        Assert.Contains(page.QuerySelectorAll(".article__body p a"), a => a.GetAttribute("href") == $"https://elsewhere.example{statement.Path}");

        // What is stored, and what feeds and email get, is the plain link.
        var stored = await app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Id == article.Id));
        Assert.DoesNotContain("article-card", stored.BodyHtml);
        Assert.Contains($"<a href=\"https://localhost{statement.Path}\"", stored.BodyHtml);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task The_card_and_the_statement_page_show_the_new_count_as_soon_as_a_signature_is_confirmed()
    {
        var statement = await Statements.NewAsync(app);
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var article = await app.PublishAsync(author, section, $"Fresh card {Guid.NewGuid():N}", $"Intro.\n\n[{statement.Title}]({statement.Path})\n");
        var client = app.CreateClient();
        // Both pages are now in the output cache.
        Assert.Equal("No one has signed yet", (await client.GetDocumentAsync($"/articles/{article.Slug}")).QuerySelector(".article-card__detail")!.TextContent.Split(" · ")[0]);
        Assert.Equal("No one has signed yet", await Statements.CountShownAsync(client, statement));
        Assert.NotNull((await client.GetAsync($"/articles/{article.Slug}")).Headers.Age);

        var (confirm, _) = await Statements.SignAndReadLinksAsync(app, client, statement, Statements.Form(SmtpInbox.NewAddress("fresh")));
        await Statements.ConfirmAsync(client, confirm);

        Assert.StartsWith("1 person has signed", (await client.GetDocumentAsync($"/articles/{article.Slug}")).QuerySelector(".article-card__detail")!.TextContent);
        Assert.Equal("1 person has signed", await Statements.CountShownAsync(client, statement));
        Assert.Contains("1 person has signed", (await client.GetDocumentAsync($"{statement.Path}/embed")).QuerySelector("[data-statement=count]")!.TextContent);
    }

    [Fact]
    public async Task A_statement_page_links_back_to_the_published_articles_that_feature_it_newest_first()
    {
        var statement = await Statements.NewAsync(app);
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var older = await app.PublishAsync(author, section, $"Older {Guid.NewGuid():N}", $"[Sign]({statement.Path})", publishedAt: now.AddHours(-3));
        var newer = await app.PublishAsync(author, section, $"Newer {Guid.NewGuid():N}", $"See https://localhost{statement.Path} now.", publishedAt: now.AddHours(-1));
        await app.PublishAsync(author, section, $"Near miss {Guid.NewGuid():N}", $"[Other]({statement.Path}-and-more)", publishedAt: now.AddHours(-2));

        var page = await app.CreateClient().GetDocumentAsync(statement.Path);
        var links = page.QuerySelectorAll(".featured-in a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/articles/{newer.Slug}", $"/articles/{older.Slug}"], links);
    }

    [Fact]
    public async Task Public_statements_are_in_the_sitemap_and_drafts_are_not()
    {
        var open = await Statements.NewAsync(app);
        var closed = await Statements.NewAsync(app, status: StatementStatus.Closed);
        var draft = await Statements.NewAsync(app, status: StatementStatus.Draft);
        await app.Services.GetRequiredService<Masthead.Features.Publishing.PublicPages>().EvictAsync();

        var sitemap = await app.CreateClient().GetStringAsync("/sitemap.xml");
        Assert.Contains($"<loc>https://localhost{open.Path}</loc>", sitemap);
        Assert.Contains($"<loc>https://localhost{closed.Path}</loc>", sitemap);
        Assert.DoesNotContain(draft.Path, sitemap);
        Assert.Contains("<loc>https://localhost/articles/", sitemap);
    }

    [Fact]
    public async Task The_embeddable_fragment_shows_the_count_and_a_link_to_sign_and_may_be_framed()
    {
        var statement = await Statements.NewAsync(app, target: 4);
        await app.WithDbAsync(db => db.Statements.Where(s => s.Id == statement.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.PaperCount, 3)));

        var response = await app.CreateClient().GetAsync($"{statement.Path}/embed");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("frame-ancestors *", response.Headers.GetValues("Content-Security-Policy").Single());
        var page = await response.ReadDocumentAsync();
        Assert.Equal("3 people have signed", page.QuerySelector("[data-statement=count]")!.TextContent.Trim());
        Assert.Equal("75", page.QuerySelector("progress")!.GetAttribute("value"));
        Assert.Equal(statement.Path, page.QuerySelector("a.button")!.GetAttribute("href"));
        Assert.Null(page.QuerySelector(".sign-form"));
    }
}
