using Masthead.Data;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Supporters.Desk;

/// <summary>The supporter schemes, with how many give under each and how much a month.</summary>
public sealed class SchemesModel(MastheadDb db) : PageModel
{
    public sealed record Row(SupporterScheme Scheme, int Giving, long MonthlyPence);

    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var schemes = await db.SupporterSchemes.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Name).ToListAsync(ct);
        var giving = await db.Supporters.AsNoTracking().Where(s => s.State == SupporterState.Active || s.State == SupporterState.PastDue)
            .GroupBy(s => s.SchemeId).Select(g => new { g.Key, Count = g.Count(), Pence = g.Sum(s => s.MonthlyPence) })
            .ToDictionaryAsync(g => g.Key, ct);
        Rows = schemes.Select(s => giving.TryGetValue(s.Id, out var g) ? new Row(s, g.Count, g.Pence) : new Row(s, 0, 0)).ToList();
    }
}
