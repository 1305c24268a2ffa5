using Masthead.Data;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Publishing;

/// <summary>An article as it appears in a list: headline, standfirst, who, where and when.</summary>
public sealed record Teaser(
    string Slug, string Title, string Standfirst, DateTime PublishedAt,
    string AuthorName, string AuthorSlug, string SectionName, string SectionSlug)
{
    public string Url => $"/articles/{Slug}";
}

/// <summary>One page of a long list, with what a pager needs to know.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < PageCount;
}

public static class PublishedArticles
{
    public static IQueryable<Article> Live(this IQueryable<Article> articles) =>
        articles.Where(a => a.Status == ArticleStatus.Published);

    public static IQueryable<Teaser> AsTeasers(this IQueryable<Article> articles) =>
        articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Select(a => new Teaser(a.Slug, a.Title, a.Standfirst, a.PublishedAt!.Value,
                a.Author.Name, a.Author.Slug, a.Section.Name, a.Section.Slug));

    public static async Task<Paged<Teaser>> PageAsync(this IQueryable<Article> articles, int page, int pageSize, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var total = await articles.CountAsync(ct);
        var items = await articles.AsTeasers().Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<Teaser>(items, page, pageSize, total);
    }

    public static Task<List<Teaser>> LatestAsync(this MastheadDb db, int count, CancellationToken ct = default) =>
        db.Articles.AsNoTracking().Live().AsTeasers().Take(count).ToListAsync(ct);
}
