using System.Net;
using System.Text.RegularExpressions;
using Masthead.Data;
using Masthead.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Publishing;

/// <summary>
/// Weaves cards into an article as readers see it on the site: a paragraph that is nothing but a link to one
/// of the site's own pages for which some <see cref="IArticleCardSource"/> has a card is shown as that card.
/// The stored BodyHtml, feeds and email keep the plain link, which still works without cards.
/// </summary>
public sealed partial class ArticleCardRenderer(IEnumerable<IArticleCardSource> sources, IOptions<PaperOptions> paper)
{
    /// <summary>A run of the article's own HTML, or a card standing for the link at <see cref="Path"/>.</summary>
    public sealed record Part(string? Html, ArticleCard? Card = null, string? Path = null);

    /// <summary>
    /// Output-cache tag carried by every cached page that shows the card for a path (and by the page itself), so
    /// the feature can drop exactly those pages when what the card shows changes.
    /// </summary>
    public static string CacheTag(string path) => "card:" + path;

    public async Task<IReadOnlyList<Part>> SplitAsync(string bodyHtml, CancellationToken ct)
    {
        var parts = new List<Part>();
        var last = 0;
        // Cheap test first: most articles have no paragraph that starts with a link.
        if (bodyHtml.Contains("<p><a ", StringComparison.Ordinal))
        {
            foreach (Match m in LoneLink().Matches(bodyHtml))
            {
                if (SitePath(WebUtility.HtmlDecode(m.Groups["href"].Value)) is not { } path) continue;
                ArticleCard? card = null;
                foreach (var source in sources)
                {
                    card = await source.FindAsync(path, ct);
                    if (card is not null) break;
                }
                if (card is null) continue;
                if (m.Index > last) parts.Add(new Part(bodyHtml[last..m.Index]));
                parts.Add(new Part(null, card, path));
                last = m.Index + m.Length;
            }
        }
        if (last < bodyHtml.Length) parts.Add(new Part(bodyHtml[last..]));
        return parts;
    }

    /// <summary>
    /// The site-relative path a link points at, when it points at this site (relative, or under the base address);
    /// otherwise null. Not the request's host: a page cached for everyone must not depend on what one asker sent.
    /// </summary>
    public string? SitePath(string href)
    {
        if (href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal))
            return Clean(href);
        if (!Uri.TryCreate(href, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        return SiteUrls.PathOf(paper.Value, uri) is { } path ? Clean(path) : null;
    }

    private static string Clean(string path)
    {
        var end = path.IndexOfAny(['?', '#']);
        if (end >= 0) path = path[..end];
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    // The sanitiser writes attributes in double quotes, so this reads its output exactly.
    [GeneratedRegex("""<p><a href="(?<href>[^"]*)"[^>]*>(?:(?!</a>)[^<]|<(?!/a>))*</a></p>""", RegexOptions.CultureInvariant)]
    private static partial Regex LoneLink();
}

/// <summary>Published articles whose body links to a page, newest first.</summary>
public sealed class FeaturingArticles(MastheadDb db) : IFeaturingArticles
{
    private const int Most = 10;

    public async Task<IReadOnlyList<Teaser>> LinkingToAsync(string path, CancellationToken ct)
    {
        var candidates = await db.Articles.AsNoTracking().Live().Where(a => a.Body.Contains(path))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Select(a => new
            {
                a.Body,
                Teaser = new Teaser(a.Slug, a.Title, a.Standfirst, a.PublishedAt!.Value, a.Author.Name, a.Author.Slug, a.Section.Name, a.Section.Slug),
            })
            .Take(Most * 5).ToListAsync(ct);
        // "/statements/pay" must not match an article that links only to "/statements/pay-rise".
        var link = new Regex(Regex.Escape(path) + @"(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant);
        return candidates.Where(c => link.IsMatch(c.Body)).Select(c => c.Teaser).Take(Most).ToList();
    }
}
