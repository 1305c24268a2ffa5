using Masthead.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Publishing;

[OutputCache(PolicyName = PublicPages.CachePolicy)]
public sealed class SectionPageModel(MastheadDb db, IOptions<PaperOptions> paper) : PageModel
{
    public Section Section { get; private set; } = null!;
    public Paged<Teaser> Articles { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery] int page = 1, CancellationToken ct = default)
    {
        var section = await db.Sections.AsNoTracking().FirstOrDefaultAsync(s => s.Slug == slug, ct);
        if (section is null) return NotFound();
        Section = section;
        Articles = await db.Articles.AsNoTracking().Live().Where(a => a.SectionId == section.Id)
            .PageAsync(page, paper.Value.PageSize, ct);
        return Page();
    }
}
