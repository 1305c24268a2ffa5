using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Supporters.Desk;

/// <summary>Records a standing order's monthly payment as offline money in the ledger, as the Finance desk records a cheque.</summary>
public sealed class RecordPaymentModel(MastheadDb db, DonationRecorder recorder, PaperClock clock) : PageModel
{
    public sealed class PaymentInput
    {
        /// <summary>Made when the form is shown: sending the same form twice records it once.</summary>
        public string? Key { get; set; }
        public DateOnly? Received { get; set; }
        public string? Amount { get; set; }
        public string? Reference { get; set; }
    }

    [BindProperty]
    public PaymentInput Input { get; set; } = new();

    public Supporter Supporter { get; private set; } = null!;
    public DateOnly Today => clock.Today();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input.Key = Guid.NewGuid().ToString("N");
        Input.Received = Today;
        Input.Amount = (Supporter.MonthlyPence / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        Input.Reference = Supporter.Reference;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!Guid.TryParse(Input.Key, out var key)) key = Guid.NewGuid();
        Input.Key = key.ToString("N");
        if (Supporter.Method != PaymentMethod.StandingOrder)
            ModelState.AddModelError("Input.Amount", "This supporter pays by card: their payments arrive from the payment provider.");
        if (ModelState["Input.Received"] is { Errors.Count: > 0 } bad)
        {
            bad.Errors.Clear();
            ModelState.AddModelError("Input.Received", "Enter the date received as YYYY-MM-DD.");
        }
        else if (Input.Received is not { } received) ModelState.AddModelError("Input.Received", "Enter the date the money was received.");
        else if (received > Today) ModelState.AddModelError("Input.Received", "The date received can't be in the future.");
        long pence = 0;
        if (string.IsNullOrWhiteSpace(Input.Amount)) ModelState.AddModelError("Input.Amount", "Enter the amount.");
        else if (!Amounts.TryParsePence(Input.Amount, out pence)) ModelState.AddModelError("Input.Amount", "Enter an amount in pounds, like 10 or 7.50.");
        else if (pence <= 0) ModelState.AddModelError("Input.Amount", "The amount must be more than £0.");
        else if (pence > Finance.RecordModel.MaxPence) ModelState.AddModelError("Input.Amount", $"Amounts over {Masthead.Kernel.Money.Pence(Finance.RecordModel.MaxPence)} can't be entered here.");
        if (Input.Reference is { Length: > 200 }) ModelState.AddModelError("Input.Reference", "References are at most 200 characters.");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var day = Input.Received!.Value;
        var receivedAt = day == Today ? clock.UtcNow : clock.LocalToUtc(day.ToDateTime(new TimeOnly(12, 0)));
        var (result, entry) = await recorder.RecordAsync(new DonationRecorder.Money(
            $"offline:{key}", EntryKind.SupporterPayment, PaymentMethod.StandingOrder, pence, Supporter.Currency, receivedAt,
            DonorName: Supporter.Name, Reference: Input.Reference, Note: $"{Supporter.Scheme!.Name}, standing order", FundDate: day,
            CountsTowardFund: Supporter.Scheme.CountsTowardFund, SupporterId: Supporter.Id), User.Identity!.Name!, ct);
        TempData["Notice"] = result == DonationRecorder.Result.Recorded
            ? $"Recorded {Masthead.Kernel.Money.Pence(entry.AmountPence)} by standing order from {Supporter.Name}, entry {entry.Id}."
            : $"That form was already sent: entry {entry.Id} was recorded once.";
        return Redirect($"/supporters/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await db.Supporters.AsNoTracking().Include(s => s.Scheme).FirstOrDefaultAsync(s => s.Id == id, ct) is not { } s) return false;
        Supporter = s;
        return true;
    }
}
