using Microsoft.AspNetCore.Mvc;

namespace Masthead.Infrastructure;

/// <summary>
/// 303 See Other to a path on this site: the answer to a form post (or an emailed link that changes something)
/// is fetched with a GET, so reloading it changes nothing again. ASP.NET Core's redirects give 301, 302, 307 or 308.
/// </summary>
public sealed class SeeOtherResult(string path) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        if (!path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal))
            throw new InvalidOperationException($"Only a path on this site, not {path}.");
        context.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.HttpContext.Response.Headers.Location = path;
        return Task.CompletedTask;
    }
}
