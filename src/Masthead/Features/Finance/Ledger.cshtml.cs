using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Finance;

/// <summary>The ledger, newest first, optionally one fund period's: each entry and what reverses it.</summary>
public sealed class LedgerModel(MastheadDb db) : PageModel
{
    private const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public int? Period { get; set; }

    public Paged<LedgerEntry> Entries { get; private set; } = null!;
    public List<FundPeriod> Periods { get; private set; } = [];
    /// <summary>For each entry on the page that has been reversed, the entry that reverses it.</summary>
    public Dictionary<long, LedgerEntry> ReversedBy { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync([FromQuery] int page = 1, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        Periods = await db.FundPeriods.AsNoTracking().OrderByDescending(p => p.Start).ToListAsync(ct);
        var query = db.Ledger.AsNoTracking();
        if (Period is { } id)
        {
            if (Periods.FirstOrDefault(p => p.Id == id) is not { } period) return NotFound();
            query = query.Where(e => e.FundDate >= period.Start && e.FundDate <= period.End);
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(e => e.RecordedAt).ThenByDescending(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Entries = new Paged<LedgerEntry>(rows, page, PageSize, total);
        var ids = rows.Select(r => (long?)r.Id).ToList();
        ReversedBy = (await db.Ledger.AsNoTracking().Where(e => ids.Contains(e.ReversesId)).ToListAsync(ct))
            .GroupBy(e => e.ReversesId!.Value).ToDictionary(g => g.Key, g => g.First());
        return Page();
    }

    /// <summary>Only a gift not yet reversed (by refund, dispute or correction) can be corrected.</summary>
    public bool CanCorrect(LedgerEntry e) => e.Kind is EntryKind.Donation or EntryKind.SupporterPayment && !ReversedBy.ContainsKey(e.Id);

    public static string Describe(FundPeriod p) => $"{p.Start:d MMM yyyy} – {p.End:d MMM yyyy}";

    public static string Amount(LedgerEntry e) => Money.Pence(e.AmountPence);
}
