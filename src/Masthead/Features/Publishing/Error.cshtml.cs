using Masthead.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Masthead.Features.Publishing;

[AllowAnonymous, IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    // Read from the route, not bound: when a re-executed post's form is what went wrong (too large to read),
    // model binding gives up on every value, the route's included.
    public void OnGet()
    {
        Code = int.TryParse(RouteData.Values["code"]?.ToString(), out var code) ? code : StatusCodes.Status500InternalServerError;
        if (Code == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = DatabaseUnavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public void OnPost() => OnGet();

    public string Heading => Code switch
    {
        404 => "We can't find that page",
        403 => "You don't have access to this page",
        400 => "Something in that request wasn't right",
        429 => "Too many tries for now",
        413 => "That was more than we can take",
        503 => "We'll be back in a moment",
        _ => "Something went wrong",
    };

    public string Explanation => Code switch
    {
        404 => "It may have moved, or never existed. Try the search, or the front page.",
        403 => "Your account doesn't have the role this page needs. Ask an administrator if you should have it.",
        400 => "Please go back and try again.",
        429 => "We have had a lot of requests from your network in the last few minutes. Please wait a little and try again.",
        413 => $"A form here takes at most {Program.MaxRequestBodyBytes / 1024 / 1024} MB. Please go back, shorten what you sent (or split a file into smaller ones) and try again. Nothing was saved.",
        503 => "The paper's records are out of reach for a moment, and we are on it. Please try again in a minute; if you were sending a form, send it again then.",
        _ => "We've been told about it. Please try again in a moment.",
    };
}
