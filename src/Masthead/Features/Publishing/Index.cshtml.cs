using Masthead.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Publishing;

[OutputCache(PolicyName = PublicPages.CachePolicy)]
public sealed class IndexModel(MastheadDb db, PublicPages publicPages) : PageModel
{
    private const int PerSection = 4;

    public Teaser? Lead { get; private set; }
    public IReadOnlyList<Teaser> Latest { get; private set; } = [];
    public IReadOnlyList<(PublicPages.SectionLink Section, List<Teaser> Articles)> BySection { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var latest = await db.LatestAsync(7, ct);
        Lead = latest.FirstOrDefault();
        Latest = latest.Skip(1).ToList();

        var frame = await publicPages.GetFrameAsync(db, ct);
        var bySection = new List<(PublicPages.SectionLink, List<Teaser>)>();
        foreach (var section in frame.Sections)
        {
            var articles = await db.Articles.AsNoTracking().Live().Where(a => a.Section.Slug == section.Slug)
                .AsTeasers().Take(PerSection).ToListAsync(ct);
            if (articles.Count > 0) bySection.Add((section, articles));
        }
        BySection = bySection;
    }
}
