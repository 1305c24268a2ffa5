using Masthead.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership.Register;

/// <summary>Members' requests to withdraw shares, for the committee to approve or refuse.</summary>
public sealed class WithdrawalsModel(MastheadDb db, ShareRegister register) : PageModel
{
    public sealed record Line(WithdrawalRequest Request, Member Member);

    public IReadOnlyList<Line> Pending { get; private set; } = [];
    public string? Problem { get; private set; }

    [BindProperty] public int RequestId { get; set; }
    [BindProperty] public string? Note { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) => DecideAsync(true, ct);

    public Task<IActionResult> OnPostRefuseAsync(CancellationToken ct) => DecideAsync(false, ct);

    private async Task<IActionResult> DecideAsync(bool approve, CancellationToken ct)
    {
        try
        {
            await register.DecideWithdrawalAsync(RequestId, approve, Note, User.Identity!.Name!, ct);
        }
        catch (RegisterRefusal e)
        {
            Problem = e.Message;
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Notice"] = approve ? "Withdrawal approved: the shares have left the register and their value is to be paid back." : "Withdrawal refused.";
        return Redirect("/membership/withdrawals");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var pending = await db.WithdrawalRequests.AsNoTracking().Where(w => w.Status == WithdrawalStatus.Pending)
            .Join(db.Members.AsNoTracking(), w => w.MemberId, m => m.Id, (w, m) => new { w, m }).ToListAsync(ct);
        Pending = pending.OrderBy(p => p.w.Id).Select(p => new Line(p.w, p.m)).ToList();
    }
}
