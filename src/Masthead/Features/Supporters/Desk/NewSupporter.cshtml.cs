using System.ComponentModel.DataAnnotations;
using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Masthead.Features.Readers;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Supporters.Desk;

/// <summary>Records a supporter who gives by standing order: Finance learns of it from the bank, not from a checkout.</summary>
public sealed class NewSupporterModel(MastheadDb db, PaperClock clock) : PageModel
{
    public sealed class SupporterInput
    {
        [Required(ErrorMessage = "Enter the supporter's name."), MaxLength(LedgerEntry.NameMax, ErrorMessage = "Names are at most 200 characters.")]
        public string? Name { get; set; }
        [Required(ErrorMessage = "Enter an email address: it is how the supporter signs in to see their payments."),
         EmailAddress(ErrorMessage = "Enter an email address like name@example.org."), MaxLength(254, ErrorMessage = "Email addresses are at most 254 characters.")]
        public string? Email { get; set; }
        public int? SchemeId { get; set; }
        public string? Amount { get; set; }
        public DateOnly? Started { get; set; }
        [MaxLength(200, ErrorMessage = "References are at most 200 characters.")]
        public string? Reference { get; set; }
        [MaxLength(1000, ErrorMessage = "Notes are at most 1,000 characters.")]
        public string? Note { get; set; }
    }

    [BindProperty]
    public SupporterInput Input { get; set; } = new();

    public List<SupporterScheme> Schemes { get; private set; } = [];
    public DateOnly Today => clock.Today();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Schemes = await SchemesAsync(ct);
        Input.Started = Today;
        Input.SchemeId = Schemes.FirstOrDefault()?.Id;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Schemes = await SchemesAsync(ct);
        var scheme = Schemes.FirstOrDefault(s => s.Id == Input.SchemeId);
        if (scheme is null) ModelState.AddModelError("Input.SchemeId", "Choose the supporter's scheme.");
        long pence = 0;
        if (string.IsNullOrWhiteSpace(Input.Amount)) ModelState.AddModelError("Input.Amount", "Enter the standing order's monthly amount.");
        else if (!Amounts.TryParsePence(Input.Amount, out pence)) ModelState.AddModelError("Input.Amount", "Enter an amount in pounds, like 10 or 7.50.");
        else if (pence <= 0) ModelState.AddModelError("Input.Amount", "The monthly amount must be more than £0.");
        else if (pence > Finance.RecordModel.MaxPence) ModelState.AddModelError("Input.Amount", $"Amounts over {Masthead.Kernel.Money.Pence(Finance.RecordModel.MaxPence)} can't be entered here.");
        if (ModelState["Input.Started"] is { Errors.Count: > 0 } bad)
        {
            bad.Errors.Clear();
            ModelState.AddModelError("Input.Started", "Enter the date of the first payment as YYYY-MM-DD.");
        }
        else if (Input.Started is not { } started) ModelState.AddModelError("Input.Started", "Enter the date of the first payment.");
        else if (started > Today.AddMonths(1)) ModelState.AddModelError("Input.Started", "The first payment can be at most a month ahead.");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var start = clock.LocalToUtc(Input.Started!.Value.ToDateTime(new TimeOnly(12, 0)));
        var by = User.Identity!.Name!;
        var supporter = new Supporter
        {
            Key = Guid.NewGuid(),
            SchemeId = scheme!.Id,
            Name = Input.Name!.Trim(),
            Email = ReaderAccess.Normalise(Input.Email!),
            MonthlyPence = pence,
            Currency = scheme.Currency,
            Method = PaymentMethod.StandingOrder,
            State = SupporterState.Active,
            StateAt = clock.UtcNow,
            CreatedAt = clock.UtcNow,
            JoinedAt = start,
            Provider = Supporter.OfflineProvider,
            Reference = Blank(Input.Reference),
            Note = Blank(Input.Note),
            RecordedBy = by,
        };
        db.Supporters.Add(supporter);
        await db.SaveChangesAsync(ct);
        db.MoneyAudit.Add(new MoneyAudit
        {
            At = clock.UtcNow,
            By = by,
            Action = "Recorded a standing-order supporter",
            Details = $"Supporter {supporter.Id}, {Masthead.Kernel.Money.Pence(pence)} a month on {scheme.Name} from {Input.Started:yyyy-MM-dd}",
        });
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = $"Recorded {supporter.Name} as a supporter by standing order, {Masthead.Kernel.Money.Pence(pence)} a month.";
        return Redirect($"/supporters/{supporter.Id}");
    }

    private Task<List<SupporterScheme>> SchemesAsync(CancellationToken ct) =>
        db.SupporterSchemes.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Name).ToListAsync(ct);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
