using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.FightingFund;

/// <summary>Opening, editing and closing fund periods — by Finance staff, the command line and the monthly job.</summary>
public sealed class FundPeriods(MastheadDb db, PaperClock clock, IOptions<FundOptions> options, FundLive live)
{
    public const string System = "system";

    /// <summary>The open period whose dates hold today, if any.</summary>
    public Task<FundPeriod?> CurrentAsync(CancellationToken ct = default)
    {
        var today = clock.Today();
        return db.FundPeriods.AsNoTracking()
            .Where(p => p.ClosedAt == null && p.Start <= today && p.End >= today)
            .OrderByDescending(p => p.Start).FirstOrDefaultAsync(ct);
    }

    /// <summary>Checks dates and target; empty when the period may be saved.</summary>
    public async Task<Dictionary<string, string>> ValidateAsync(DateOnly start, DateOnly end, long targetPounds, int? periodId, CancellationToken ct = default)
    {
        var problems = new Dictionary<string, string>();
        if (end < start) problems["End"] = "The end date must be on or after the start date.";
        else if (end.DayNumber - start.DayNumber > 366) problems["End"] = "A period can last at most a year.";
        if (targetPounds is < 1 or > 100_000_000) problems["Target"] = "The target must be between £1 and £100,000,000.";
        if (problems.Count == 0)
        {
            var overlap = await db.FundPeriods.AsNoTracking()
                .Where(p => p.Id != (periodId ?? 0) && p.Start <= end && p.End >= start)
                .OrderBy(p => p.Start).FirstOrDefaultAsync(ct);
            if (overlap is not null)
                problems["Start"] = $"These dates overlap the period {overlap.Start:d MMM yyyy} – {overlap.End:d MMM yyyy}.";
        }
        return problems;
    }

    public async Task<FundPeriod> OpenAsync(DateOnly start, DateOnly end, long targetPounds, string by, CancellationToken ct = default)
    {
        var period = new FundPeriod
        {
            Start = start,
            End = end,
            TargetPence = targetPounds * 100,
            Currency = options.Value.Currency,
            CreatedAt = clock.UtcNow,
            CreatedBy = by,
        };
        db.FundPeriods.Add(period);
        await db.SaveChangesAsync(ct);
        db.MoneyAudit.Add(Audit(by, "Opened fund period", null, period, $"{start:yyyy-MM-dd} to {end:yyyy-MM-dd}, target {Money.Pounds(targetPounds)}"));
        await db.SaveChangesAsync(ct);
        await live.ChangedAsync(ct);
        return period;
    }

    public async Task EditAsync(FundPeriod period, DateOnly start, DateOnly end, long targetPounds, string by, string? reason, CancellationToken ct = default)
    {
        var before = $"{period.Start:yyyy-MM-dd} to {period.End:yyyy-MM-dd}, target {Money.Pence(period.TargetPence)}";
        period.Start = start;
        period.End = end;
        period.TargetPence = targetPounds * 100;
        db.MoneyAudit.Add(Audit(by, "Edited fund period", reason, period,
            $"was {before}; now {start:yyyy-MM-dd} to {end:yyyy-MM-dd}, target {Money.Pounds(targetPounds)}"));
        await db.SaveChangesAsync(ct);
        await live.ChangedAsync(ct);
    }

    public async Task CloseAsync(FundPeriod period, string by, string? reason, CancellationToken ct = default)
    {
        period.ClosedAt = clock.UtcNow;
        period.ClosedBy = by;
        db.MoneyAudit.Add(Audit(by, "Closed fund period", reason, period, $"{period.Start:yyyy-MM-dd} to {period.End:yyyy-MM-dd}"));
        await db.SaveChangesAsync(ct);
        await live.ChangedAsync(ct);
    }

    /// <summary>
    /// Makes sure a period holds today: when none does (open or closed), opens this calendar month with the
    /// default target. Safe on several instances at once: the unique start date lets only one insert win.
    /// </summary>
    public async Task<FundPeriod?> EnsureMonthAsync(CancellationToken ct = default)
    {
        var today = clock.Today();
        if (await db.FundPeriods.AnyAsync(p => p.Start <= today && p.End >= today, ct)) return null;
        var (start, end) = MonthOf(today);
        // Fill only the gap around today that Finance's own periods leave in this month.
        var neighbours = await db.FundPeriods.AsNoTracking().Where(p => p.Start <= end && p.End >= start).ToListAsync(ct);
        foreach (var p in neighbours)
        {
            if (p.End < today && p.End >= start) start = p.End.AddDays(1);
            if (p.Start > today && p.Start <= end) end = p.Start.AddDays(-1);
        }
        try
        {
            return await OpenAsync(start, end, options.Value.DefaultTargetPounds, System, ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.FundPeriods.AsNoTracking().AnyAsync(p => p.Start == start, ct)) throw;
            return null; // another instance opened it first
        }
    }

    /// <summary>The calendar month holding a day: the period the monthly job opens.</summary>
    public static (DateOnly Start, DateOnly End) MonthOf(DateOnly day)
    {
        var start = new DateOnly(day.Year, day.Month, 1);
        return (start, start.AddMonths(1).AddDays(-1));
    }

    /// <summary>The figures the widget shows for a period, as of today.</summary>
    public async Task<FundFigures> FiguresAsync(FundPeriod period, CancellationToken ct = default)
    {
        var raised = await db.Ledger.Where(e => e.FundDate >= period.Start && e.FundDate <= period.End && e.CountsTowardFund)
            .SumAsync(e => (long?)e.AmountPence, ct) ?? 0;
        return new FundFigures(period.Start, period.End, period.TargetPence, raised, clock.Today(), period.Currency);
    }

    private MoneyAudit Audit(string by, string action, string? reason, FundPeriod period, string details) => new()
    {
        At = clock.UtcNow,
        By = by,
        Action = action,
        Reason = reason,
        Details = details,
        FundPeriodId = period.Id,
    };
}
