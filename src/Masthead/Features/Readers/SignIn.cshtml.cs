using System.ComponentModel.DataAnnotations;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Readers;

[AllowAnonymous]
[EnableRateLimiting(ReadersFeature.SignInRateLimit)]
public sealed class SignInModel(ReaderLinks links, IOptions<PaperOptions> paper, IOptions<ReaderOptions> options) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Enter your email address."), EmailAddress(ErrorMessage = "Enter an email address like name@example.org."),
     MaxLength(254, ErrorMessage = "An email address is at most 254 characters.")]
    public string Email { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Expired { get; set; }

    public bool Sent { get; private set; }

    public int LinkMinutes => (int)options.Value.LinkLifetime.TotalMinutes;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;
        await links.SendAsync(Email, token => SiteUrls.Absolute(paper.Value,
            $"/my/signin/link?token={token}{(returnUrl is null ? "" : "&returnUrl=" + Uri.EscapeDataString(returnUrl))}"), ct);
        // The same answer whoever asks: the form does not tell a stranger who supports the paper.
        Sent = true;
        Email = ReaderAccess.Normalise(Email);
        return Page();
    }
}
