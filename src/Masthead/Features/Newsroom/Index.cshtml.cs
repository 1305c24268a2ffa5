using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Newsroom;

public sealed class IndexModel(MastheadDb db) : PageModel
{
    private const int PageSize = 25;

    public sealed record Row(int Id, string Title, string Slug, ArticleStatus Status, DateTime? PublishedAt,
        DateTime? PublishAt, DateTime UpdatedAt, string Author, string Section);

    [BindProperty(SupportsGet = true)]
    public ArticleStatus? Status { get; set; }

    public Paged<Row> Articles { get; private set; } = null!;

    public async Task OnGetAsync([FromQuery] int page = 1, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var query = db.Articles.AsNoTracking();
        if (Status is { } status) query = query.Where(a => a.Status == status);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.UpdatedAt)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(a => new Row(a.Id, a.Title, a.Slug, a.Status, a.PublishedAt, a.PublishAt, a.UpdatedAt, a.Author.Name, a.Section.Name))
            .ToListAsync(ct);
        Articles = new Paged<Row>(rows, page, PageSize, total);
    }
}
