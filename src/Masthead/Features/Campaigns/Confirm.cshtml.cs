using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Masthead.Features.Campaigns;

/// <summary>
/// The emailed link. Following it confirms the signature (a GET, so one click in any mail program counts;
/// a second click, or a mail scanner's visit, changes nothing more).
/// </summary>
public sealed class ConfirmModel(StatementSigning signing) : PageModel
{
    public StatementSigning.ConfirmOutcome Outcome { get; private set; }
    public Statement? Statement { get; private set; }
    public StatementFigures? Figures { get; private set; }
    public string Token { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, string token, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        Token = token;
        (Outcome, Statement) = await signing.ConfirmAsync(slug, token, ct);
        if (Statement is not null) Figures = StatementFigures.Of(Statement);
        Response.StatusCode = Outcome switch
        {
            StatementSigning.ConfirmOutcome.NotFound => StatusCodes.Status404NotFound,
            StatementSigning.ConfirmOutcome.Lapsed => StatusCodes.Status410Gone,
            _ => StatusCodes.Status200OK,
        };
        return Page();
    }
}
