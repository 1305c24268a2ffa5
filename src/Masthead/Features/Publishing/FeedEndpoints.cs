using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Masthead.Data;
using Masthead.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Publishing;

/// <summary>RSS 2.0 feeds for the whole paper, each section and each author; sitemap.xml and robots.txt.</summary>
public static class FeedEndpoints
{
    private const int FeedSize = 30;

    public static void MapFeeds(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").CacheOutput(PublicPages.CachePolicy);

        group.MapGet("/feed.xml", async (MastheadDb db, IOptions<PaperOptions> paper, CancellationToken ct) =>
            Rss(paper.Value, paper.Value.Name, paper.Value.Tagline, "/",
                await db.Articles.AsNoTracking().Live().AsTeasers().Take(FeedSize).ToListAsync(ct)));

        group.MapGet("/section/{slug}/feed.xml", async (string slug, MastheadDb db, IOptions<PaperOptions> paper, CancellationToken ct) =>
        {
            var section = await db.Sections.AsNoTracking().FirstOrDefaultAsync(s => s.Slug == slug, ct);
            if (section is null) return Results.NotFound();
            var items = await db.Articles.AsNoTracking().Live().Where(a => a.SectionId == section.Id).AsTeasers().Take(FeedSize).ToListAsync(ct);
            return Rss(paper.Value, $"{section.Name} | {paper.Value.Name}", $"{section.Name} from {paper.Value.Name}", $"/section/{slug}", items);
        });

        group.MapGet("/author/{slug}/feed.xml", async (string slug, MastheadDb db, IOptions<PaperOptions> paper, CancellationToken ct) =>
        {
            var author = await db.Authors.AsNoTracking().FirstOrDefaultAsync(a => a.Slug == slug, ct);
            if (author is null) return Results.NotFound();
            var items = await db.Articles.AsNoTracking().Live().Where(a => a.AuthorId == author.Id).AsTeasers().Take(FeedSize).ToListAsync(ct);
            return Rss(paper.Value, $"{author.Name} | {paper.Value.Name}", $"Articles by {author.Name}", $"/author/{slug}", items);
        });

        group.MapGet("/sitemap.xml", Sitemap);

        group.MapGet("/robots.txt", (IOptions<PaperOptions> paper) => Results.Text(
            $"User-agent: *\nDisallow: /newsroom\nDisallow: /signin\n\nSitemap: {SiteUrls.Absolute(paper.Value, "/sitemap.xml")}\n",
            "text/plain; charset=utf-8"));
    }

    private static IResult Rss(PaperOptions paper, string title, string description, string path, IReadOnlyList<Teaser> items)
    {
        var feed = new SyndicationFeed(title, description, new Uri(SiteUrls.Absolute(paper, path)))
        {
            Language = paper.Language,
            LastUpdatedTime = items.Count > 0 ? new DateTimeOffset(items[0].PublishedAt, TimeSpan.Zero) : DateTimeOffset.UnixEpoch,
            Items = items.Select(t =>
            {
                var url = SiteUrls.Absolute(paper, t.Url);
                var item = new SyndicationItem(t.Title, t.Standfirst, new Uri(url), url, new DateTimeOffset(t.PublishedAt, TimeSpan.Zero))
                {
                    PublishDate = new DateTimeOffset(t.PublishedAt, TimeSpan.Zero),
                };
                item.Authors.Add(new SyndicationPerson { Name = t.AuthorName });
                item.Categories.Add(new SyndicationCategory(t.SectionName));
                return item;
            }).ToList(),
        };
        var output = new StringBuilder();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false).WriteTo(writer);
        }
        return Results.Text(output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\""), "application/rss+xml; charset=utf-8");
    }

    private static async Task<IResult> Sitemap(MastheadDb db, IOptions<PaperOptions> paper, PaperClock clock,
        [FromServices] IEnumerable<ISitemapSource> sources, CancellationToken ct)
    {
        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        XNamespace news = "http://www.google.com/schemas/sitemap-news/0.9";
        var newsSince = clock.UtcNow.AddDays(-2);
        var articles = await db.Articles.AsNoTracking().Live().OrderByDescending(a => a.PublishedAt)
            .Select(a => new { a.Slug, a.Title, a.PublishedAt, a.UpdatedAt }).Take(50_000).ToListAsync(ct);
        var sections = await db.Sections.AsNoTracking().Select(s => s.Slug).ToListAsync(ct);
        var authors = await db.Authors.AsNoTracking().Select(s => s.Slug).ToListAsync(ct);
        var others = new List<SitemapEntry>();
        foreach (var source in sources) others.AddRange(await source.EntriesAsync(ct));
        string Url(string p) => SiteUrls.Absolute(paper.Value, p);

        var urlset = new XElement(sm + "urlset", new XAttribute(XNamespace.Xmlns + "news", news),
            new XElement(sm + "url", new XElement(sm + "loc", Url("/"))),
            sections.Select(s => new XElement(sm + "url", new XElement(sm + "loc", Url($"/section/{s}")))),
            authors.Select(s => new XElement(sm + "url", new XElement(sm + "loc", Url($"/author/{s}")))),
            articles.Select(a => new XElement(sm + "url",
                new XElement(sm + "loc", Url($"/articles/{a.Slug}")),
                new XElement(sm + "lastmod", clock.ToLocalOffset(a.UpdatedAt > a.PublishedAt!.Value ? a.UpdatedAt : a.PublishedAt.Value).ToString("yyyy-MM-ddTHH:mm:sszzz")),
                a.PublishedAt >= newsSince
                    ? new XElement(news + "news",
                        new XElement(news + "publication",
                            new XElement(news + "name", paper.Value.Name),
                            new XElement(news + "language", paper.Value.Language.Split('-')[0])),
                        new XElement(news + "publication_date", clock.ToLocalOffset(a.PublishedAt.Value).ToString("yyyy-MM-ddTHH:mm:sszzz")),
                        new XElement(news + "title", a.Title))
                    : null)),
            others.Select(e => new XElement(sm + "url",
                new XElement(sm + "loc", Url(e.Path)),
                e.LastModifiedUtc is { } modified ? new XElement(sm + "lastmod", clock.ToLocalOffset(modified).ToString("yyyy-MM-ddTHH:mm:sszzz")) : null)));
        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null), urlset);
        return Results.Text(doc.Declaration + "\n" + doc.Root, "application/xml; charset=utf-8");
    }
}
