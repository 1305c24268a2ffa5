using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership.ShareMoney;

/// <summary>Finance records the cheques and bank transfers that pay for share applications. Share money, not gifts: never in the fund.</summary>
public sealed class IndexModel(MastheadDb db, ShareApplications applications, PaperClock clock) : PageModel
{
    public IReadOnlyList<ShareApplication> Waiting { get; private set; } = [];
    public IReadOnlyList<SharePayment> Recent { get; private set; } = [];
    public string? Problem { get; private set; }
    public DateOnly Today => clock.Today();

    [BindProperty] public Guid ApplicationId { get; set; }
    [BindProperty] public ShareMoneyMethod Method { get; set; } = ShareMoneyMethod.Cheque;
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public DateOnly? Received { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            if (!Amounts.TryParsePence(Amount, out var pence) || pence <= 0) throw new RegisterRefusal("Enter the amount in pounds, like 100 or 250.00.");
            await applications.RecordOfflinePaymentAsync(ApplicationId, Method, pence, Reference, Received ?? Today, User.Identity!.Name!, ct);
        }
        catch (RegisterRefusal e)
        {
            Problem = e.Message;
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Notice"] = "Payment recorded: the application now waits for the committee.";
        return Redirect("/finance/shares");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Waiting = await db.ShareApplications.AsNoTracking()
            .Where(a => a.Status == ApplicationStatus.AwaitingPayment && a.Method != ShareMoneyMethod.Card).OrderBy(a => a.CreatedAt).Take(500).ToListAsync(ct);
        Recent = await db.SharePayments.AsNoTracking().OrderByDescending(p => p.Id).Take(50).ToListAsync(ct);
    }
}
