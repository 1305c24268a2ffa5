using Masthead.Features.Publishing;

namespace Masthead.Tests.Publishing;

public sealed class ArticleSearchTests
{
    [Theory]
    [InlineData("bus drivers", "\"bus\" \"drivers\"*")]
    [InlineData("\"unbalanced", "\"unbalanced\"*")]
    [InlineData("NEAR(a b) OR *", "\"NEAR\" \"a\" \"b\" \"OR\"*")]
    [InlineData("Perú", "\"Perú\"*")]
    public void Reader_input_becomes_a_quoted_fts5_query(string input, string expected) =>
        Assert.Equal(expected, ArticleSearch.ToFts5Query(input));

    [Theory]
    [InlineData("")]
    [InlineData("  !!! ***  ")]
    public void Input_without_words_searches_for_nothing(string input) => Assert.Null(ArticleSearch.ToFts5Query(input));

    [Fact]
    public void Snippets_are_encoded_and_matches_are_marked()
    {
        var html = ArticleSearch.Highlight("a <b>tag</b> then \u0002strike\u0003 & \u0002pay\u0003 rise £5");
        Assert.Equal("a &lt;b&gt;tag&lt;/b&gt; then <mark>strike</mark> &amp; <mark>pay</mark> rise £5", html);
    }

    [Fact]
    public void A_marker_left_open_is_never_turned_into_markup()
    {
        var html = ArticleSearch.Highlight("cut off \u0002mid");
        Assert.Equal("cut off mid", html);
    }
}
