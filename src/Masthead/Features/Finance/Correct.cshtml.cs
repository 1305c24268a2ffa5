using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Finance;

/// <summary>Puts a mistaken entry right the only way the ledger allows: a reversing entry, with a reason. The original stays.</summary>
public sealed class CorrectModel(MastheadDb db, DonationRecorder recorder) : PageModel
{
    [BindProperty]
    public string? Reason { get; set; }

    public LedgerEntry Entry { get; private set; } = null!;
    /// <summary>What a correction would reverse: the entry less what was already reversed.</summary>
    public long Remaining { get; private set; }
    /// <summary>Why this entry can't be corrected, if it can't.</summary>
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Refusal is not null) Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Refusal is not null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        if (string.IsNullOrWhiteSpace(Reason)) ModelState.AddModelError(nameof(Reason), "Say why this entry is being corrected.");
        else if (Reason.Length > PeriodModel.ReasonMax) ModelState.AddModelError(nameof(Reason), "A reason is at most 1,000 characters.");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var (result, reversal) = await recorder.ReverseAsync(Entry, Remaining, Reason!.Trim(), User.Identity!.Name!, ct);
        if (result == DonationRecorder.Result.AlreadyRecorded)
        {
            Refusal = $"Entry {Entry.Id} was already corrected by entry {reversal.Id}.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        TempData["Notice"] = $"Entry {Entry.Id} ({Money.Pence(Entry.AmountPence)}) is reversed by entry {reversal.Id} ({Money.Pence(reversal.AmountPence)}).";
        return Redirect($"/finance/ledger#entry-{reversal.Id}");
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await db.Ledger.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) is not { } entry) return false;
        Entry = entry;
        if (entry.Kind is not (EntryKind.Donation or EntryKind.SupporterPayment))
            Refusal = $"Entry {entry.Id} is itself a {entry.Kind.ToString().ToLowerInvariant()}: only a gift or a supporter's payment can be corrected.";
        else
        {
            // What refunds and disputes have not already taken back: a partly refunded gift can still be corrected.
            Remaining = entry.AmountPence + (await db.Ledger.Where(e => e.ReversesId == id).SumAsync(e => (long?)e.AmountPence, ct) ?? 0);
            if (Remaining <= 0)
                Refusal = $"Entry {entry.Id} has already been reversed in full; there is nothing left to correct.";
        }
        return true;
    }
}
