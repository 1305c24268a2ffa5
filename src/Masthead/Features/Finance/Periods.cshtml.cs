using Masthead.Data;
using Masthead.Features.FightingFund;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Finance;

/// <summary>Every fund period, newest first, with what it raised against its target.</summary>
public sealed class PeriodsModel(MastheadDb db, FundPeriods periods, FundLive live) : PageModel
{
    public sealed record Row(FundPeriod Period, FundFigures Figures);

    public List<Row> Rows { get; } = [];
    public int? CurrentId { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CurrentId = (await live.GetAsync(ct))?.PeriodId;
        foreach (var p in await db.FundPeriods.AsNoTracking().OrderByDescending(p => p.Start).ToListAsync(ct))
            Rows.Add(new Row(p, await periods.FiguresAsync(p, ct)));
    }
}
