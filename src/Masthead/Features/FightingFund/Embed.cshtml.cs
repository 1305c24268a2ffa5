using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Masthead.Features.FightingFund;

/// <summary>The widget alone, for another site to show in an iframe: a live fragment (<see cref="FundFragments"/>) in a page cached once.</summary>
[OutputCache(PolicyName = PublicPages.CachePolicy)]
public sealed class EmbedModel : PageModel
{
    public void OnGet()
    {
        // Unlike every other page, this one is made to be framed by other sites.
        Response.Headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors *";
        Response.Headers.Remove("X-Frame-Options");
    }
}
