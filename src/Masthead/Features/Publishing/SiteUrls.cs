namespace Masthead.Features.Publishing;

public static class SiteUrls
{
    /// <summary>An absolute address on this site: the configured base address, else the one the request came to.</summary>
    public static string Absolute(HttpRequest request, PaperOptions paper, string path)
    {
        var root = string.IsNullOrWhiteSpace(paper.BaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : paper.BaseUrl.TrimEnd('/');
        return root + path;
    }
}
