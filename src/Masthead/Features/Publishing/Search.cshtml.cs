using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Publishing;

[OutputCache(PolicyName = PublicPages.CachePolicy, VaryByQueryKeys = ["q", "page"])]
public sealed class SearchModel(ArticleSearch search, IOptions<PaperOptions> paper) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public Paged<ArticleSearch.Hit>? Results { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync([FromQuery] int page = 1, CancellationToken ct = default)
    {
        Query = Query?.Trim();
        if (string.IsNullOrEmpty(Query)) return;
        if (Query.Length > ArticleSearch.MaxQueryLength)
        {
            Problem = $"Please search for at most {ArticleSearch.MaxQueryLength} characters.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Results = await search.SearchAsync(Query, page, paper.Value.PageSize, ct);
    }
}
