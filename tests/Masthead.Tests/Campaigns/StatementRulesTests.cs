using Masthead.Features.Campaigns;
using Masthead.Features.Publishing;
using Microsoft.Extensions.Options;

namespace Masthead.Tests.Campaigns;

public sealed class StatementRulesTests
{
    [Theory]
    [InlineData(0, 0, null, "No one has signed yet", null)]
    [InlineData(1, 0, 100, "1 person has signed", 1)]
    [InlineData(1_150, 80, 5_000, "1,230 people have signed", 24)]
    [InlineData(6_000, 0, 5_000, "6,000 people have signed", 100)]
    public void The_count_reads_as_a_reader_would_say_it(int online, int paper, int? target, string headline, int? percent)
    {
        var figures = new StatementFigures(online, paper, target);
        Assert.Equal(headline, figures.Headline);
        Assert.Equal(percent, figures.Percent);
    }

    [Fact]
    public void The_page_says_how_many_came_on_paper_and_how_far_to_the_target()
    {
        Assert.Equal("including 80 on paper", new StatementFigures(20, 80, 500).PaperLine);
        Assert.Null(new StatementFigures(20, 0, 500).PaperLine);
        Assert.Equal("400 more to reach 500", new StatementFigures(20, 80, 500).TargetLine);
        Assert.Equal("Past the target of 50", new StatementFigures(20, 80, 50).TargetLine);
    }

    [Fact]
    public void Tokens_are_unguessable_and_only_their_hash_is_kept()
    {
        var (token, hash) = Signature.NewToken();
        var (other, _) = Signature.NewToken();
        Assert.NotEqual(token, other);
        Assert.Equal(32, token.Length);
        Assert.Equal(64, hash.Length);
        Assert.Equal(hash, Signature.HashOf(token));
        Assert.DoesNotContain(token, hash);
    }

    [Fact]
    public async Task A_link_alone_in_its_paragraph_to_a_page_with_a_card_becomes_that_card()
    {
        var renderer = new ArticleCardRenderer([new OneCard("/statements/pay-now")], Options.Create(new PaperOptions { BaseUrl = "https://paper.example" }));
        var body = string.Join("\n",
            "<p>Intro.</p>",
            "<p><a href=\"https://paper.example/statements/pay-now\" rel=\"noopener\">https://paper.example/statements/pay-now</a></p>",
            "<p>Read <a href=\"/statements/pay-now\">the statement</a> today.</p>",
            "<p><a href=\"/statements/pay-now?from=x#sign\">Sign <em>now</em></a></p>",
            "<p><a href=\"https://elsewhere.example/statements/pay-now\">elsewhere</a></p>",
            "<p><a href=\"/statements/unknown\">unknown</a></p>");

        var parts = await renderer.SplitAsync(body, CancellationToken.None);

        Assert.Equal(2, parts.Count(p => p.Card is not null));
        Assert.All(parts.Where(p => p.Card is not null), p => Assert.Equal("/statements/pay-now", p.Path));
        var html = string.Concat(parts.Select(p => p.Html ?? "[card]"));
        Assert.Equal(string.Join("\n",
            "<p>Intro.</p>", "[card]",
            "<p>Read <a href=\"/statements/pay-now\">the statement</a> today.</p>", "[card]",
            "<p><a href=\"https://elsewhere.example/statements/pay-now\">elsewhere</a></p>",
            "<p><a href=\"/statements/unknown\">unknown</a></p>"), html);
    }

    [Fact]
    public async Task An_article_without_cards_is_left_exactly_as_stored()
    {
        var renderer = new ArticleCardRenderer([new OneCard("/statements/pay-now")], Options.Create(new PaperOptions()));
        const string body = "<p>Only words.</p>\n<p><a href=\"/articles/other\">other</a></p>";
        var parts = await renderer.SplitAsync(body, CancellationToken.None);
        Assert.Equal(body, Assert.Single(parts).Html);
    }

    private sealed class OneCard(string path) : IArticleCardSource
    {
        public Task<ArticleCard?> FindAsync(string p, CancellationToken ct) =>
            Task.FromResult(p == path ? new ArticleCard("statement", "Pay now", "1 person has signed", "Sign the statement", path) : null);
    }
}
