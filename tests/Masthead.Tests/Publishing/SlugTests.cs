using Masthead.Features.Publishing;

namespace Masthead.Tests.Publishing;

public sealed class SlugTests
{
    [Theory]
    [InlineData("Bus drivers vote to strike", "bus-drivers-vote-to-strike")]
    [InlineData("Peru’s workers: what next?", "perus-workers-what-next")]
    [InlineData("Tomás Herrera", "tomas-herrera")]
    [InlineData("  --Ça ira!--  ", "ca-ira")]
    [InlineData("£10,000 raised in 24 hours", "10-000-raised-in-24-hours")]
    public void A_slug_is_lower_case_words_joined_by_hyphens(string text, string expected) =>
        Assert.Equal(expected, Slug.From(text));

    [Fact]
    public void A_long_headline_makes_a_slug_of_at_most_120_characters_without_a_trailing_hyphen()
    {
        var slug = Slug.From(string.Join(' ', Enumerable.Repeat("solidarity", 30)));
        Assert.True(slug.Length <= Article.SlugMax);
        Assert.False(slug.EndsWith('-'));
    }

    [Theory]
    [InlineData("fair-pay-now", true)]
    [InlineData("2026-budget", true)]
    [InlineData("Fair-Pay", false)]
    [InlineData("fair--pay", false)]
    [InlineData("-fair", false)]
    [InlineData("fair pay", false)]
    [InlineData("", false)]
    [InlineData("../etc/passwd", false)]
    public void Only_clean_slugs_are_valid(string slug, bool valid) => Assert.Equal(valid, Slug.IsValid(slug));
}
