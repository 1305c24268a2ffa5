using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Auth;
using Masthead.Infrastructure.Payments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Supporters.Desk;

/// <summary>One supporter for staff: their record, payments and history; a standing order's end; the sandbox's billing cycle on demand.</summary>
public sealed class SupporterModel(MastheadDb db, PaymentProviders providers, SandboxBilling sandbox, PaperClock clock) : PageModel
{
    public Supporter Supporter { get; private set; } = null!;
    public List<LedgerEntry> Payments { get; private set; } = [];

    [BindProperty]
    public string? Reason { get; set; }

    public bool IsStandingOrder => Supporter.Method == PaymentMethod.StandingOrder;
    public bool SandboxTools => Supporter.Provider == Masthead.Features.Supporters.Supporter.SandboxProvider && providers.SandboxActive
        && Supporter.SubscriptionId is not null && Supporter.State != SupporterState.Cancelled;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>Ends a standing order Finance was told has stopped; a card subscription ends through its provider instead.</summary>
    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken ct)
    {
        var supporter = await db.Supporters.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (supporter is null) return NotFound();
        if (supporter.Method != PaymentMethod.StandingOrder) ModelState.AddModelError(nameof(Reason), "A card supporter cancels through the payment provider, not here.");
        else if (supporter.State == SupporterState.Cancelled) ModelState.AddModelError(nameof(Reason), "This supporter has already stopped.");
        if (string.IsNullOrWhiteSpace(Reason)) ModelState.AddModelError(nameof(Reason), "Say why the standing order stopped (for the record).");
        else if (Reason.Length > 1000) ModelState.AddModelError(nameof(Reason), "Reasons are at most 1,000 characters.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(id, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        SupporterRules.Apply(supporter, SupporterState.Cancelled, clock.UtcNow);
        db.MoneyAudit.Add(new MoneyAudit
        {
            At = clock.UtcNow,
            By = User.Identity!.Name!,
            Action = "Ended a standing order",
            Reason = Reason!.Trim(),
            Details = $"Supporter {supporter.Id}, {Masthead.Kernel.Money.Pence(supporter.MonthlyPence)} a month",
        });
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = $"Supporter {supporter.Id}'s standing order is recorded as stopped.";
        return Redirect($"/supporters/{id}");
    }

    public async Task<IActionResult> OnPostSandboxChargeAsync(int id, CancellationToken ct) =>
        await SandboxAsync(id, (s, c) => sandbox.ChargeMonthAsync(s, c), "The sandbox took a month's payment.", ct);

    public async Task<IActionResult> OnPostSandboxFailAsync(int id, CancellationToken ct) =>
        await SandboxAsync(id, (s, c) => sandbox.FailPaymentAsync(s, c), "The sandbox failed a payment: the supporter is past due and has been emailed.", ct);

    private async Task<IActionResult> SandboxAsync(int id, Func<Supporter, CancellationToken, Task> act, string notice, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || !SandboxTools) return NotFound();
        await act(Supporter, ct);
        TempData["Notice"] = notice;
        return Redirect($"/supporters/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await db.Supporters.AsNoTracking().Include(s => s.Scheme).FirstOrDefaultAsync(s => s.Id == id, ct) is not { } supporter) return false;
        Supporter = supporter;
        Payments = await db.Ledger.AsNoTracking().Where(e => e.SupporterId == id).OrderByDescending(e => e.FundDate).ThenByDescending(e => e.Id).ToListAsync(ct);
        return true;
    }

    public string When(DateTime? utc) => utc is { } u ? clock.ToLocal(u).ToString("d MMM yyyy HH:mm") : "—";
}
