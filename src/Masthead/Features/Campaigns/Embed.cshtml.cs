using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Campaigns;

/// <summary>A statement's count, progress and a link to sign, for another site or an email to show.</summary>
[OutputCache(PolicyName = PublicPages.CachePolicy)]
public sealed class EmbedModel(MastheadDb db) : PageModel
{
    public Statement Statement { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var statement = await db.Statements.AsNoTracking().FirstOrDefaultAsync(s => s.Slug == slug && s.Status != StatementStatus.Draft, ct);
        if (statement is null) return NotFound();
        Statement = statement;
        // Unlike the site's own pages, this one is made to be framed by other sites.
        Response.Headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors *";
        Response.Headers.Remove("X-Frame-Options");
        return Page();
    }
}
