using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Masthead.Features.Publishing;

[AllowAnonymous, IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet(int? code) => Code = code ?? StatusCodes.Status500InternalServerError;

    public void OnPost(int? code) => OnGet(code);

    public string Heading => Code switch
    {
        404 => "We can't find that page",
        403 => "You don't have access to this page",
        400 => "Something in that request wasn't right",
        429 => "Too many tries for now",
        _ => "Something went wrong",
    };

    public string Explanation => Code switch
    {
        404 => "It may have moved, or never existed. Try the search, or the front page.",
        403 => "Your account doesn't have the role this page needs. Ask an administrator if you should have it.",
        400 => "Please go back and try again.",
        429 => "We have had a lot of requests from your network in the last few minutes. Please wait a little and try again.",
        _ => "We've been told about it. Please try again in a moment.",
    };
}
