using Masthead.Features.Newsroom;

namespace Masthead.Tests.Publishing;

public sealed class AuthorLinksTests
{
    [Fact]
    public void Each_line_is_a_label_and_an_address_in_order()
    {
        var links = EditAuthorModel.ParseLinks("Mastodon | https://m.example/@a\n\nBluesky|https://b.example/a", out var problem);
        Assert.Null(problem);
        Assert.Equal([("Mastodon", "https://m.example/@a", 0), ("Bluesky", "https://b.example/a", 1)],
            links.Select(l => (l.Label, l.Url, l.Position)));
    }

    [Theory]
    [InlineData("Mastodon", "Line 1")]
    [InlineData("ok | https://x.example\nEvil | javascript:alert(1)", "Line 2")]
    [InlineData(" | https://x.example", "Line 1")]
    public void A_bad_line_is_named(string text, string expected)
    {
        EditAuthorModel.ParseLinks(text, out var problem);
        Assert.StartsWith(expected, problem);
    }
}
