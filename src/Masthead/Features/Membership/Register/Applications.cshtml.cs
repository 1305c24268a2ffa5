using Masthead.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership.Register;

public sealed class ApplicationsModel(MastheadDb db) : PageModel
{
    public IReadOnlyList<ShareApplication> Applications { get; private set; } = [];
    public ApplicationStatus? Status { get; private set; }

    public async Task OnGetAsync([FromQuery] string? status, CancellationToken ct)
    {
        Status = Enum.TryParse<ApplicationStatus>(status, out var s) && Enum.IsDefined(s) ? s : status == "all" ? null : ApplicationStatus.AwaitingDecision;
        var q = db.ShareApplications.AsNoTracking();
        if (Status is { } only) q = q.Where(a => a.Status == only);
        Applications = await q.OrderByDescending(a => a.CreatedAt).Take(500).ToListAsync(ct);
    }

    public static string Describe(ApplicationStatus status) => status switch
    {
        ApplicationStatus.AwaitingPayment => "Waiting for payment",
        ApplicationStatus.AwaitingDecision => "Waiting for the committee",
        ApplicationStatus.Approved => "Approved",
        _ => "Refused",
    };
}
