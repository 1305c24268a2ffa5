using System.ComponentModel.DataAnnotations;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Finance;

/// <summary>Records money that came in off the web — a cheque, a bank transfer, a standing order, cash — as a ledger entry.</summary>
public sealed class RecordModel(DonationRecorder recorder, PaperClock clock, IOptions<FundOptions> fund) : PageModel
{
    public const long MaxPence = BankStatement.MaxAmountPence;
    public const string NotListed = "none";
    public static readonly PaymentMethod[] Methods = [PaymentMethod.Cheque, PaymentMethod.BankTransfer, PaymentMethod.StandingOrder, PaymentMethod.Cash];

    public sealed class MoneyInput
    {
        /// <summary>Made when the form is shown: sending the same form twice records it once.</summary>
        public string? Key { get; set; }
        public PaymentMethod? Method { get; set; }
        public DateOnly? Received { get; set; }
        public string? Amount { get; set; }
        [MaxLength(LedgerEntry.NameMax, ErrorMessage = "Names are at most 200 characters.")]
        public string? Name { get; set; }
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.org, or leave it empty."), MaxLength(254, ErrorMessage = "Email addresses are at most 254 characters.")]
        public string? Email { get; set; }
        [MaxLength(100, ErrorMessage = "Towns are at most 100 characters.")]
        public string? Town { get; set; }
        public string ThankAs { get; set; } = NotListed;
        public bool ShowTown { get; set; }
        [MaxLength(200, ErrorMessage = "References are at most 200 characters.")]
        public string? Reference { get; set; }
        [MaxLength(1000, ErrorMessage = "Notes are at most 1,000 characters.")]
        public string? Note { get; set; }
    }

    [BindProperty]
    public MoneyInput Input { get; set; } = new();

    public DateOnly Today => clock.Today();

    public void OnGet()
    {
        Input.Key = Guid.NewGuid().ToString("N");
        Input.Received = Today;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Guid.TryParse(Input.Key, out var key)) key = Guid.NewGuid();
        Input.Key = key.ToString("N");
        if (Input.Method is not { } method || !Methods.Contains(method))
            Replace("Input.Method", "Choose how the money came: cheque, bank transfer, standing order or cash.");
        if (ModelState["Input.Received"] is { Errors.Count: > 0 }) Replace("Input.Received", "Enter the date received as YYYY-MM-DD.");
        else if (Input.Received is not { } received) ModelState.AddModelError("Input.Received", "Enter the date the money was received.");
        else if (received > Today) ModelState.AddModelError("Input.Received", "The date received can't be in the future.");
        long pence = 0;
        if (string.IsNullOrWhiteSpace(Input.Amount)) ModelState.AddModelError("Input.Amount", "Enter the amount.");
        else if (!Amounts.TryParsePence(Input.Amount, out pence))
            ModelState.AddModelError("Input.Amount", "Enter an amount in pounds, like 25, 12.50 or £1,025.50.");
        else if (pence <= 0) ModelState.AddModelError("Input.Amount", "The amount must be more than £0.");
        else if (pence > MaxPence) ModelState.AddModelError("Input.Amount", $"Amounts over {Money.Pence(MaxPence)} can't be entered here.");
        ThankAs? thankAs = null;
        if (Input.ThankAs != NotListed)
        {
            if (Enum.TryParse<ThankAs>(Input.ThankAs, out var t) && Enum.IsDefined(t)) thankAs = t;
            else ModelState.AddModelError("Input.ThankAs", "Choose how the donor is to be thanked.");
        }
        if (thankAs is Donations.ThankAs.FullName or Donations.ThankAs.Initials && string.IsNullOrWhiteSpace(Input.Name))
            ModelState.AddModelError("Input.Name", "To thank the donor by name or initials, enter their name.");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var day = Input.Received!.Value;
        var receivedAt = day == Today ? clock.UtcNow : clock.LocalToUtc(day.ToDateTime(new TimeOnly(12, 0)));
        var (result, entry) = await recorder.RecordAsync(new DonationRecorder.Money(
            $"offline:{key}", EntryKind.Donation, Input.Method!.Value, pence, fund.Value.Currency, receivedAt,
            DonorName: Input.Name, DonorEmail: Input.Email, DonorTown: Input.Town, ThankAs: thankAs, ShowTown: Input.ShowTown,
            Reference: Input.Reference, Note: Input.Note, FundDate: day), User.Identity!.Name!, ct);
        TempData["Notice"] = result == DonationRecorder.Result.Recorded
            ? $"Recorded {Money.Pence(entry.AmountPence)} by {ReceiptComposer.Describe(entry.Method)}{(entry.DonorName is null ? "" : $" from {entry.DonorName}")}, entry {entry.Id}."
                + (entry.DonorEmail is null ? "" : $" A receipt is on its way to {entry.DonorEmail}.")
            : $"That form was already sent: entry {entry.Id} was recorded once.";
        return Redirect("/finance/ledger");
    }

    private void Replace(string key, string message)
    {
        ModelState[key]?.Errors.Clear();
        ModelState.AddModelError(key, message);
    }
}
