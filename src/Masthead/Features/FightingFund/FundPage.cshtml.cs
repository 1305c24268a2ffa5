using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.FightingFund;

/// <summary>
/// The fighting fund in full: this period's figures (the widget's), its running total day by day against
/// the target, the periods before it, and the donors who asked to be thanked. Cached like every public
/// page; <see cref="FundLive"/> evicts it when money moves (the one page that does).
/// </summary>
[OutputCache(PolicyName = PublicPages.CachePolicy)]
public sealed class FundPageModel(MastheadDb db, FundPeriods periods, PaperClock clock) : PageModel
{
    /// <summary>How many earlier periods the page lists.</summary>
    public const int PastPeriodsShown = 12;

    public FundPeriod? Period { get; private set; }
    public FundFigures? Figures { get; private set; }
    public FundWidgetView? View { get; private set; }
    public FundChart? Chart { get; private set; }
    public IReadOnlyList<ThankYou> Thanks { get; private set; } = [];
    public IReadOnlyList<FundFigures> PastPeriods { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (HttpContext.Features.Get<IOutputCacheFeature>() is { } cache) cache.Context.Tags.Add(FundLive.PageTag);
        var today = clock.Today();
        Period = await periods.CurrentAsync(ct);
        if (Period is { } period)
        {
            Figures = await periods.FiguresAsync(period, ct);
            View = FundWidgetView.From(Figures);
            var daily = await db.Ledger.AsNoTracking()
                .Where(e => e.FundDate >= period.Start && e.FundDate <= period.End && e.CountsTowardFund)
                .GroupBy(e => e.FundDate)
                .Select(g => new { Day = g.Key, Pence = g.Sum(e => e.AmountPence) })
                .ToDictionaryAsync(g => g.Day, g => g.Pence, ct);
            Chart = new FundChart(period.Start, period.End, period.TargetPence, today, daily);
            Thanks = (await ThankYou.ListAsync(db, period.Start, period.End, ct)).AsEnumerable().Reverse().ToList();
        }

        var before = Period?.Start ?? today.AddDays(1);
        var past = await db.FundPeriods.AsNoTracking()
            .Where(p => p.Start < before && p.Id != (Period == null ? 0 : Period.Id))
            .OrderByDescending(p => p.Start).Take(PastPeriodsShown).ToListAsync(ct);
        var figures = new List<FundFigures>();
        foreach (var p in past) figures.Add(await periods.FiguresAsync(p, ct));
        PastPeriods = figures;
    }
}
