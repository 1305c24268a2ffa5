using Masthead.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Publishing;

[OutputCache(PolicyName = PublicPages.CachePolicy)]
public sealed class AuthorPageModel(MastheadDb db, IOptions<PaperOptions> paper) : PageModel
{
    public Author Author { get; private set; } = null!;
    public Paged<Teaser> Articles { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery] int page = 1, CancellationToken ct = default)
    {
        var author = await db.Authors.AsNoTracking().Include(a => a.Links.OrderBy(l => l.Position))
            .FirstOrDefaultAsync(a => a.Slug == slug, ct);
        if (author is null) return NotFound();
        Author = author;
        Articles = await db.Articles.AsNoTracking().Live().Where(a => a.AuthorId == author.Id)
            .PageAsync(page, paper.Value.PageSize, ct);
        return Page();
    }
}
