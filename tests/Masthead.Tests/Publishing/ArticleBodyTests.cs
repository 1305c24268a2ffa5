using Masthead.Features.Publishing;

namespace Masthead.Tests.Publishing;

public sealed class ArticleBodyTests
{
    private readonly ArticleBody _body = new();

    [Fact]
    public void Markdown_becomes_html_with_typographic_quotes()
    {
        var html = _body.ToHtml("## Heading\n\nThe *union* said \"no\".\n\n> A quote");
        Assert.Contains("<h2>Heading</h2>", html);
        Assert.Contains("<em>union</em>", html);
        Assert.Contains("“no”", html);
        Assert.Contains("<blockquote>", html);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "<script")]
    [InlineData("<img src=x onerror=alert(1)>", "onerror")]
    [InlineData("[click](javascript:alert(1))", "javascript:")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "javascript:")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    [InlineData("<p style=\"position:fixed\">x</p>", "style=")]
    [InlineData("<svg><script>alert(1)</script></svg>", "<script")]
    public void Raw_html_that_could_run_or_restyle_the_page_is_removed(string markdown, string forbidden) =>
        Assert.DoesNotContain(forbidden, _body.ToHtml(markdown), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Harmless_raw_html_and_outside_links_survive_with_noopener()
    {
        var html = _body.ToHtml("<b>bold</b> and [a link](https://example.org/)");
        Assert.Contains("<b>bold</b>", html);
        Assert.Contains("href=\"https://example.org/\"", html);
        Assert.Contains("rel=\"noopener\"", html);
    }

    [Fact]
    public void Plain_text_drops_the_markup_for_search()
    {
        var text = ArticleBody.ToPlainText("## Strike\n\nThe *drivers* & the [union](https://u.example).");
        Assert.Contains("Strike", text);
        Assert.Contains("The drivers & the union.", text);
        Assert.DoesNotContain("*", text);
        Assert.DoesNotContain("https://", text);
    }
}
