using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Masthead.Infrastructure;

/// <summary>
/// Refuses a page post whose body is larger than the server takes (<see cref="Program.MaxRequestBodyBytes"/>, or
/// what the endpoint allows) with 413 and the site's error page, before anything reads it. Without this, reading
/// the form fails quietly inside model binding: every bound value is missing, and the page answers as if the
/// request were about nothing (a 404 for a statement that exists, say), or the anti-forgery check, which reads the
/// form first, says the token is wrong. Hence an authorization filter ordered before anti-forgery's.
/// </summary>
public sealed class BodyTooLarge : IAuthorizationFilter, IOrderedFilter
{
    public int Order => -1000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        // The error page, re-executed for this very request, must be let through to say what happened.
        if (http.Features.Get<IStatusCodeReExecuteFeature>() is not null) return;
        var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? Program.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit) context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
    }
}
