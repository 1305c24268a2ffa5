using Masthead.Data;
using Masthead.Features.Newsroom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.BrowserTests.Infrastructure;

/// <summary>
/// Publishes a test's article through the same desk the editor's page uses (so the public pages'
/// cache is evicted the same way), for tests whose subject is reading rather than writing.
/// </summary>
public static class NewsDesk
{
    public static async Task<TestArticle> PublishAsync(this PaperHost host, TestArticle article)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        var desk = scope.ServiceProvider.GetRequiredService<ArticleDesk>();
        var authorId = await db.Authors.Where(a => a.Slug == article.AuthorSlug).Select(a => a.Id).SingleAsync();
        var sectionId = await db.Sections.Where(s => s.Slug == article.SectionSlug).Select(s => s.Id).SingleAsync();
        var draft = new ArticleDesk.Draft(article.Headline, null, article.Standfirst, article.Body, authorId, sectionId, "transport, pay");

        var problems = await desk.ValidateAsync(draft, articleId: null);
        if (problems.Count > 0) throw new InvalidOperationException("The test article is invalid: " + string.Join("; ", problems.Values));
        await desk.SaveAsync(null, draft, ArticleDesk.Intent.Publish, "browser-tests");
        return article;
    }
}
