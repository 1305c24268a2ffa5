using Masthead.Features.Publishing;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Antiforgery;

namespace Masthead.Features.Newsroom;

public static class NewsroomEndpoints
{
    public sealed record PreviewRequest(string? Markdown);

    public static void MapNewsroom(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/newsroom").RequireAuthorization(Roles.Policies.Newsroom);

        // Renders Markdown exactly as the article page will, sanitised, for the editor's live preview.
        group.MapPost("/preview", async (PreviewRequest request, ArticleBody body, IAntiforgery antiforgery, HttpContext http) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.Problem("The page's security token has expired; reload the editor.", statusCode: StatusCodes.Status400BadRequest);
            var markdown = request.Markdown ?? "";
            if (markdown.Length > Article.BodyMax)
                return Results.Problem($"The body is at most {Article.BodyMax:N0} characters.", statusCode: StatusCodes.Status400BadRequest);
            return Results.Json(new { html = body.ToHtml(markdown) });
        }).DisableAntiforgery();
    }
}
