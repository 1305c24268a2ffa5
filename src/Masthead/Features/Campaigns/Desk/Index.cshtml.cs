using Masthead.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Campaigns.Desk;

/// <summary>The campaigns desk: every statement with its state and counts (Campaigns staff, by the folder's policy).</summary>
public sealed class IndexModel(MastheadDb db) : PageModel
{
    public List<Statement> Statements { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Statements = await db.Statements.AsNoTracking().OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.Id).ToListAsync(ct);
}
