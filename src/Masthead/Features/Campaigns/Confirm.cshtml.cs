using Masthead.Data;
using Masthead.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Campaigns;

/// <summary>
/// The emailed link. Following it confirms the signature (a GET, so one click in any mail program counts;
/// a second click, or a mail scanner's visit, changes nothing more) and sends the signer on to the statement
/// page, thanking them, with their signature in the count. A link that does not count is explained here.
/// </summary>
public sealed class ConfirmModel(StatementSigning signing, MastheadDb db) : PageModel
{
    public StatementSigning.ConfirmOutcome Outcome { get; private set; }
    public Statement? Statement { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string token, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        Outcome = await signing.ConfirmAsync(slug, token, ct);
        switch (Outcome)
        {
            case StatementSigning.ConfirmOutcome.Confirmed:
                return new SeeOtherResult(StatementPageModel.StepPath(slug, "confirmed"));
            case StatementSigning.ConfirmOutcome.AlreadyConfirmed:
                return new SeeOtherResult(StatementPageModel.StepPath(slug, "counted"));
            case StatementSigning.ConfirmOutcome.Lapsed:
                Statement = await db.Statements.AsNoTracking().FirstOrDefaultAsync(s => s.Slug == slug, ct);
                Response.StatusCode = StatusCodes.Status410Gone;
                return Page();
            default:
                Response.StatusCode = StatusCodes.Status404NotFound;
                return Page();
        }
    }
}
