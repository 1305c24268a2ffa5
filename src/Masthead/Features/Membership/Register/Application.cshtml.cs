using Masthead.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership.Register;

/// <summary>One application and the committee's decision on it: approve (admit and allot) or refuse (refund).</summary>
public sealed class ApplicationModel(MastheadDb db, ShareApplications applications) : PageModel
{
    public ShareApplication Application { get; private set; } = null!;
    public IReadOnlyList<SharePayment> Payments { get; private set; } = [];
    public string? Problem { get; private set; }

    [BindProperty]
    public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        try
        {
            var member = await applications.ApproveAsync(id, Note, User.Identity!.Name!, ct);
            TempData["Notice"] = $"Approved: {member.Name} is member number {member.Number}. A confirmation email is on its way.";
            return Redirect($"/membership/members/{member.Id}");
        }
        catch (RegisterRefusal e)
        {
            return await RefusedAsync(id, e.Message, ct);
        }
    }

    public async Task<IActionResult> OnPostRefuseAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        try
        {
            await applications.RefuseAsync(id, Note ?? "", User.Identity!.Name!, ct);
            TempData["Notice"] = $"Application {Application.Reference} refused; any payment is refunded and recorded.";
            return Redirect($"/membership/applications/{id}");
        }
        catch (RegisterRefusal e)
        {
            return await RefusedAsync(id, e.Message, ct);
        }
        catch (Stripe.StripeException)
        {
            return await RefusedAsync(id, "Stripe did not make the refund, so the application is not refused yet. Try again in a moment.", ct, StatusCodes.Status502BadGateway);
        }
    }

    private async Task<IActionResult> RefusedAsync(Guid id, string message, CancellationToken ct, int status = StatusCodes.Status400BadRequest)
    {
        await LoadAsync(id, ct);
        Problem = message;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var application = await db.ShareApplications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (application is null) return false;
        Application = application;
        Payments = await db.SharePayments.AsNoTracking().Where(p => p.ApplicationId == id).OrderBy(p => p.Id).ToListAsync(ct);
        return true;
    }
}
