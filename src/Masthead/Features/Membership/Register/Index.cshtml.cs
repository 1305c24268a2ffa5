using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership.Register;

/// <summary>The committee's desk: the register's totals today, share capital over time, what is waiting for a decision.</summary>
public sealed class IndexModel(MastheadDb db, RegisterReports reports, PaperClock clock) : PageModel
{
    public RegisterReports.Totals Totals { get; private set; } = null!;
    public CapitalChart Chart { get; private set; } = null!;
    public int ApplicationsWaiting { get; private set; }
    public int WithdrawalsWaiting { get; private set; }
    public DateOnly Today => clock.Today();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Totals = await reports.TotalsAsync(Today, ct);
        Chart = new CapitalChart(await reports.CapitalChangesAsync(Today, ct), Today);
        ApplicationsWaiting = await db.ShareApplications.CountAsync(a => a.Status == ApplicationStatus.AwaitingDecision, ct);
        WithdrawalsWaiting = await db.WithdrawalRequests.CountAsync(w => w.Status == WithdrawalStatus.Pending, ct);
    }
}
