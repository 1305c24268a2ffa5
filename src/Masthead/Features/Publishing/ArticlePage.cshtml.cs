using System.Text.Json;
using Masthead.Data;
using Masthead.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Publishing;

[OutputCache(PolicyName = PublicPages.CachePolicy)]
public sealed class ArticlePageModel(MastheadDb db, IOptions<PaperOptions> paper, PaperClock clock, ArticleCardRenderer cards) : PageModel
{
    public Article Article { get; private set; } = null!;
    public DateTimeOffset Published { get; private set; }
    public DateTimeOffset Updated { get; private set; }
    public string CanonicalUrl { get; private set; } = "";
    public string JsonLd { get; private set; } = "";
    public List<Teaser> MoreInSection { get; private set; } = [];
    /// <summary>The body as readers see it here: the stored HTML, with cards where a link stands alone.</summary>
    public IReadOnlyList<ArticleCardRenderer.Part> Body { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking()
            .Include(a => a.Author).ThenInclude(a => a.Links.OrderBy(l => l.Position))
            .Include(a => a.Section)
            .FirstOrDefaultAsync(a => a.Slug == slug && a.Status == ArticleStatus.Published, ct);
        if (article is null) return NotFound();

        Article = article;
        Published = clock.ToLocalOffset(article.PublishedAt!.Value);
        Updated = clock.ToLocalOffset(article.UpdatedAt > article.PublishedAt ? article.UpdatedAt : article.PublishedAt.Value);
        CanonicalUrl = SiteUrls.Absolute(paper.Value, $"/articles/{article.Slug}");
        JsonLd = BuildJsonLd();
        // Cards are live fragments (CardFragments): what they show moves without the cached page being dropped.
        Body = await cards.SplitAsync(article.BodyHtml, ct);
        MoreInSection = await db.Articles.AsNoTracking().Live()
            .Where(a => a.SectionId == article.SectionId && a.Id != article.Id)
            .AsTeasers().Take(5).ToListAsync(ct);
        return Page();
    }

    private string BuildJsonLd()
    {
        var site = SiteUrls.Absolute(paper.Value, "/");
        var data = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "NewsArticle",
            ["headline"] = Article.Title,
            ["description"] = Article.Standfirst,
            ["datePublished"] = Published.ToString("yyyy-MM-ddTHH:mm:sszzz"),
            ["dateModified"] = Updated.ToString("yyyy-MM-ddTHH:mm:sszzz"),
            ["mainEntityOfPage"] = CanonicalUrl,
            ["url"] = CanonicalUrl,
            ["articleSection"] = Article.Section.Name,
            ["keywords"] = Article.TagList.ToArray(),
            ["inLanguage"] = paper.Value.Language,
            ["author"] = new Dictionary<string, object?>
            {
                ["@type"] = "Person",
                ["name"] = Article.Author.Name,
                ["url"] = SiteUrls.Absolute(paper.Value, $"/author/{Article.Author.Slug}"),
            },
            ["publisher"] = new Dictionary<string, object?>
            {
                ["@type"] = "NewsMediaOrganization",
                ["name"] = paper.Value.Name,
                ["url"] = site,
            },
        };
        // The default encoder escapes <, > and &, so nothing in a headline can close the script element.
        return JsonSerializer.Serialize(data);
    }
}
