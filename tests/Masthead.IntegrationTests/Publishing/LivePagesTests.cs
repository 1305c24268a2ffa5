using System.Net;
using System.Net.Http.Headers;
using Masthead.Features.Campaigns;
using Masthead.Features.Donations;
using Masthead.IntegrationTests.Campaigns;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Publishing;

public sealed class LivePagesTests_Sqlite(SqliteApp app) : LivePagesTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class LivePagesTests_Postgres(PostgresApp app) : LivePagesTests<PostgresApp>(app);

/// <summary>
/// Donut caching: a public page is rendered once and served from the cache while the figures in it (the fund widget,
/// a statement's count on a card) move. The output cache's <c>Age</c> header is only on a page served from the cache,
/// so its presence after a gift shows the page was not rendered again.
/// </summary>
public abstract class LivePagesTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private static Task GiveAsync(MastheadApp instance, long pence) =>
        instance.WithServiceAsync<DonationRecorder, int>(async r =>
        {
            await r.RecordAsync(new DonationRecorder.Money($"test:{Guid.NewGuid():N}", EntryKind.Donation, PaymentMethod.Cash, pence, "GBP",
                instance.Clock.GetUtcNow().UtcDateTime), "test");
            return 0;
        });

    private async Task<string> ArticleAsync(string body = "Body text.")
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var article = await app.PublishAsync(author, section, $"Live page {Guid.NewGuid():N}", body);
        return $"/articles/{article.Slug}";
    }

    private static async Task<(HttpResponseMessage Response, AngleSharp.Html.Dom.IHtmlDocument Page)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, await response.ReadDocumentAsync());
    }

    private static string Raised(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelector("[data-fund=raised]")!.TextContent;

    [Fact]
    public async Task A_gift_changes_the_widget_in_a_cached_article_without_rendering_the_article_again()
    {
        var url = await ArticleAsync();
        var client = app.CreateClient();
        var (_, first) = await GetAsync(client, url); // rendered, and now in the cache
        var (cached, _) = await GetAsync(client, url);
        Assert.NotNull(cached.Headers.Age);
        var raisedBefore = await app.WithDbAsync(db => db.Ledger.Where(e => e.CountsTowardFund).SumAsync(e => e.AmountPence));

        await GiveAsync(app, 12_300);

        var (after, page) = await GetAsync(client, url);
        Assert.NotNull(after.Headers.Age); // still the cached page…
        var raised = await app.WithDbAsync(db => db.Ledger.Where(e => e.CountsTowardFund).SumAsync(e => e.AmountPence));
        Assert.True(raised >= raisedBefore + 12_300);
        Assert.NotEqual(Raised(first), Raised(page)); // …with the new total in it, at once, without JavaScript
        Assert.Equal(Money.Pounds(raised / 100), Raised(page));
        Assert.DoesNotContain(page.QuerySelectorAll("*"), e => e.InnerHtml.Contains("<!--live:", StringComparison.Ordinal));
        Assert.DoesNotContain("<!--live:", await (await client.GetAsync(url)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_etag_joins_content_and_figures_so_a_revalidation_is_a_304_until_either_moves()
    {
        var url = await ArticleAsync();
        var client = app.CreateClient();
        var (first, _) = await GetAsync(client, url);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal("public, no-cache", first.Headers.CacheControl!.ToString());

        async Task<HttpResponseMessage> RevalidateAsync(EntityTagHeaderValue tag)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.IfNoneMatch.Add(tag);
            return await client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.NotModified, (await RevalidateAsync(etag)).StatusCode);

        await GiveAsync(app, 700);
        var afterGift = await RevalidateAsync(etag);
        Assert.Equal(HttpStatusCode.OK, afterGift.StatusCode);
        var giftTag = afterGift.Headers.ETag!;
        Assert.NotEqual(etag.Tag, giftTag.Tag);
        // The content's part of the tag is unchanged: only the figures moved.
        Assert.Equal(etag.Tag.Split('.')[0], giftTag.Tag.Split('.')[0]);
        Assert.Equal(HttpStatusCode.NotModified, (await RevalidateAsync(giftTag)).StatusCode);

        var articleId = await app.WithDbAsync(db => db.Articles.Where(a => "/articles/" + a.Slug == url).Select(a => a.Id).SingleAsync());
        await app.EditAsync(articleId, a => new(a.Title, null, "A new standfirst.", a.Body, a.AuthorId, a.SectionId, a.Tags));
        var afterEdit = await RevalidateAsync(giftTag);
        Assert.Equal(HttpStatusCode.OK, afterEdit.StatusCode);
        Assert.NotEqual(giftTag.Tag.Split('.')[0], afterEdit.Headers.ETag!.Tag.Split('.')[0]);
        Assert.Contains("A new standfirst.", await afterEdit.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_count_that_moves_changes_the_card_in_a_cached_article_and_the_embed_without_rendering_them_again()
    {
        var statement = await Statements.NewAsync(app, target: 100);
        var url = await ArticleAsync($"Intro.\n\n[{statement.Title}]({statement.Path})\n");
        var embed = $"{statement.Path}/embed";
        var client = app.CreateClient();
        await GetAsync(client, url);
        await GetAsync(client, embed);
        var (_, before) = await GetAsync(client, url);
        Assert.Equal("No one has signed yet · target 100", before.QuerySelector(".article-card__detail")!.TextContent);

        // Signatures gathered on paper, entered by the campaign desk; the count moves as it does when one is confirmed.
        await app.WithDbAsync(async db =>
        {
            await db.Statements.Where(s => s.Id == statement.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.PaperCount, 40));
            return 0;
        });
        await app.WithServiceAsync<StatementLive, int>(async live =>
        {
            await live.ChangedAsync(statement.Slug);
            return 0;
        });

        var (article, after) = await GetAsync(client, url);
        Assert.NotNull(article.Headers.Age);
        Assert.Equal("40 people have signed · target 100", after.QuerySelector(".article-card__detail")!.TextContent);
        Assert.Equal("40", after.QuerySelector(".article-card progress")!.GetAttribute("value"));
        var (embedded, embedPage) = await GetAsync(client, embed);
        Assert.NotNull(embedded.Headers.Age);
        Assert.Equal("40 people have signed", embedPage.QuerySelector("[data-statement=count]")!.TextContent);
    }

    [Fact]
    public async Task A_signed_in_editor_sees_the_figures_written_into_the_page_itself()
    {
        var url = await ArticleAsync();
        var editor = await app.SignedInClientAsync(Masthead.Infrastructure.Auth.Roles.Editor);
        var html = await (await editor.GetAsync(url)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<!--live:", html);
        Assert.Contains("data-fund=\"raised\"", html);
    }
}
