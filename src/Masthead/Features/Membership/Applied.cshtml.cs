using Masthead.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership;

/// <summary>After applying: what happens next and, for a cheque or transfer, how to pay. Shows no personal data.</summary>
public sealed class AppliedModel(MastheadDb db, ShareApplications applications) : PageModel
{
    public ShareApplication? Application { get; private set; }
    public MembershipOptions Settings => applications.Settings;

    public async Task OnGetAsync([FromQuery] Guid? application, CancellationToken ct)
    {
        if (application is { } id) Application = await db.ShareApplications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
    }
}
