using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Finance;

/// <summary>
/// Payment events about payments Masthead doesn't know — a refund for a gift never recorded, say — kept for
/// Finance to look into. Marking one reviewed records who did it; the event itself stays.
/// </summary>
public sealed class ReviewModel(MastheadDb db, PaperClock clock) : PageModel
{
    public List<WebhookEvent> Events { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Events = await db.WebhookEvents.AsNoTracking().Where(e => e.Outcome == WebhookOutcome.NeedsReview)
            .OrderByDescending(e => e.ReceivedAt).Take(500).ToListAsync(ct);

    public async Task<IActionResult> OnPostAsync([FromForm] string? id, CancellationToken ct)
    {
        var e = await db.WebhookEvents.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return NotFound();
        if (e.Outcome != WebhookOutcome.NeedsReview)
        {
            TempData["Notice"] = $"Event {e.Id} was already dealt with ({e.Outcome}).";
            return Redirect("/finance/review");
        }
        var by = User.Identity!.Name!;
        var stamp = $"Reviewed by {by} on {clock.ToLocal(clock.UtcNow):d MMM yyyy HH:mm}.";
        var note = string.IsNullOrWhiteSpace(e.Note) ? stamp : $"{e.Note} {stamp}";
        e.Note = note.Length <= 1000 ? note : note[^1000..];
        e.Outcome = WebhookOutcome.Resolved;
        db.MoneyAudit.Add(new MoneyAudit
        {
            At = clock.UtcNow, By = by, Action = "Reviewed payment event",
            Details = $"{e.Type} {e.Id}" + (e.PaymentKey is null ? "" : $" about {e.PaymentKey}"),
        });
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = $"Marked event {e.Id} as reviewed.";
        return Redirect("/finance/review");
    }
}
