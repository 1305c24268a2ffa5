using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Masthead.Features.Readers;

/// <summary>
/// The page an emailed link opens. Opening it signs no one in — mail scanners open links too — the
/// reader presses a button, and that use of the link is its only one.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(ReadersFeature.SignInRateLimit)]
public sealed class LinkModel(ReaderLinks links) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Usable { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Usable = await links.IsUsableAsync(Token, ct);
        if (!Usable) Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var email = await links.RedeemAsync(Token, ct);
        if (email is null) return RedirectToPage("SignIn", new { expired = true });

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Email, email)], ReaderAccess.Scheme);
        await HttpContext.SignInAsync(ReaderAccess.Scheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true });
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/my");
    }
}
