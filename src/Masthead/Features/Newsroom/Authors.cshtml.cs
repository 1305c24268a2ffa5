using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Newsroom;

public sealed class AuthorsModel(MastheadDb db) : PageModel
{
    public sealed record Row(int Id, string Name, string Slug, int Articles);

    public List<Row> Authors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Authors = await db.Authors.AsNoTracking().OrderBy(a => a.Name)
            .Select(a => new Row(a.Id, a.Name, a.Slug, db.Articles.Count(x => x.AuthorId == a.Id)))
            .ToListAsync(ct);
}
