using Masthead.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Campaigns;

/// <summary>
/// The withdrawal link from the email. Opening it only asks (mail scanners open links too); the button deletes
/// the signature, which takes it out of the count and the list along with the signer's details.
/// </summary>
public sealed class WithdrawModel(MastheadDb db, StatementSigning signing) : PageModel
{
    public Statement Statement { get; private set; } = null!;
    public Signature? Signature { get; private set; }
    public bool Withdrawn { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string token, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (!await LoadAsync(slug, ct)) return NotFound();
        Signature = await signing.FindAsync(Statement.Id, token, ct);
        if (Signature is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string token, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (!await LoadAsync(slug, ct)) return NotFound();
        Withdrawn = await signing.WithdrawAsync(Statement, token, ct);
        if (!Withdrawn) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken ct)
    {
        var statement = await db.Statements.AsNoTracking().FirstOrDefaultAsync(s => s.Slug == slug && s.Status != StatementStatus.Draft, ct);
        if (statement is null) return false;
        Statement = statement;
        return true;
    }
}
