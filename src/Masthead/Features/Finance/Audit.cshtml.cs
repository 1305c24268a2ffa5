using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Finance;

/// <summary>Every money action, newest first: who, when, what and why.</summary>
public sealed class AuditModel(MastheadDb db) : PageModel
{
    private const int PageSize = 50;

    public Paged<MoneyAudit> Actions { get; private set; } = null!;

    public async Task OnGetAsync([FromQuery] int page = 1, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var total = await db.MoneyAudit.CountAsync(ct);
        var rows = await db.MoneyAudit.AsNoTracking().OrderByDescending(a => a.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Actions = new Paged<MoneyAudit>(rows, page, PageSize, total);
    }
}
