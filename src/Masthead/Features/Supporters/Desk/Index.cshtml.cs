using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Supporters.Desk;

/// <summary>The supporters desk: who gives monthly (filtered by scheme, state, joined since), the monthly income, and a year of joins and cancellations.</summary>
public sealed class IndexModel(MastheadDb db, PaperClock clock) : PageModel
{
    public const int PageSize = 100;
    public const int ChartMonths = 12;

    public SupporterFilter Filter { get; private set; } = new(null, null, null);
    public string? Problem { get; private set; }
    public List<SupporterScheme> Schemes { get; private set; } = [];
    public Paged<Supporter> List { get; private set; } = new([], 1, PageSize, 0);
    public long ListIncomePence { get; private set; }

    public int Active { get; private set; }
    public int PastDue { get; private set; }
    public long IncomePence { get; private set; }
    public long PastDuePence { get; private set; }
    public SupporterChart Chart { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync([FromQuery] int page = 1, CancellationToken ct = default)
    {
        Schemes = await db.SupporterSchemes.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Name).ToListAsync(ct);
        Filter = SupporterFilter.From(Request.Query, out var problem);
        Problem = problem;

        var giving = await db.Supporters.AsNoTracking().Where(s => s.State == SupporterState.Active || s.State == SupporterState.PastDue)
            .GroupBy(s => s.State).Select(g => new { State = g.Key, Count = g.Count(), Pence = g.Sum(s => s.MonthlyPence) }).ToListAsync(ct);
        Active = giving.Where(g => g.State == SupporterState.Active).Sum(g => g.Count);
        PastDue = giving.Where(g => g.State == SupporterState.PastDue).Sum(g => g.Count);
        IncomePence = SupporterRules.MonthlyIncome(giving.Select(g => (g.State, g.Pence)));
        PastDuePence = giving.Where(g => g.State == SupporterState.PastDue).Sum(g => g.Pence);

        var today = clock.Today();
        var from = clock.LocalToUtc(new DateOnly(today.Year, today.Month, 1).AddMonths(-(ChartMonths - 1)).ToDateTime(TimeOnly.MinValue));
        var moves = await db.Supporters.AsNoTracking().Where(s => s.JoinedAt >= from || s.CancelledAt >= from)
            .Select(s => new { s.JoinedAt, s.CancelledAt }).ToListAsync(ct);
        Chart = new SupporterChart(SupporterRules.JoinsAndCancellations(
            moves.Select(m => (Day(m.JoinedAt), Day(m.CancelledAt))), today, ChartMonths));

        if (Problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        page = Math.Max(1, page);
        var query = Filter.Apply(db.Supporters.AsNoTracking().Include(s => s.Scheme), clock);
        var total = await query.CountAsync(ct);
        ListIncomePence = await query.Where(s => s.State == SupporterState.Active || s.State == SupporterState.PastDue)
            .SumAsync(s => (long?)s.MonthlyPence, ct) ?? 0;
        var rows = await query.OrderByDescending(s => s.JoinedAt).ThenByDescending(s => s.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        List = new Paged<Supporter>(rows, page, PageSize, total);
        return Page();
    }

    public DateOnly? Day(DateTime? utc) => utc is { } u ? clock.DateOf(u) : null;

    public string ListPath => "/supporters" + (Filter.Query() is { Length: > 0 } q ? "?" + q : "");
    public string ExportPath => "/supporters/export.csv" + (Filter.Query() is { Length: > 0 } q ? "?" + q : "");
}
