using Masthead.Features.Newsroom;

namespace Masthead.Tests.Publishing;

public sealed class ArticleParsingTests
{
    private const string Good = """
        ---
        title: Rail workers win
        standfirst: After a year of action
        author: Ruth Okafor
        section: Britain
        tags: [rail, unions]
        published: 2026-11-01T09:00:00+00:00
        ---
        The *body*.
        """;

    [Fact]
    public void Front_matter_and_body_are_read()
    {
        var parsed = ArticleImporter.Parse("rail.md", Good, out var problem);
        Assert.Null(problem);
        Assert.Equal("Rail workers win", parsed!.Title);
        Assert.Equal("rail-workers-win", parsed.Slug);
        Assert.Equal("rail, unions", parsed.Tags);
        Assert.Equal(new DateTime(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc), parsed.PublishedUtc);
        Assert.Equal("The *body*.", parsed.Body);
    }

    [Theory]
    [InlineData("No front matter at all", 1, "must begin with front matter")]
    [InlineData("---\ntitle: Never closed\n", 3, "never closed")]
    [InlineData("---\ntitle: x\nauthor: y\nsection: z\npublished: soon\n---\n", 5, "ISO 8601")]
    [InlineData("---\ntitle: x\nauthor: y\nsection: z\nslug: Not A Slug\n---\n", 5, "lower-case")]
    [InlineData("---\ntitle: x\nsection: z\n---\n", 1, "'author' must name")]
    [InlineData("---\ntitle: x\nauthor: y\n  bad: indent\n---\n", 4, "not valid YAML")]
    public void A_bad_file_is_reported_with_its_line(string text, int line, string message)
    {
        var parsed = ArticleImporter.Parse("bad.md", text, out var problem);
        Assert.Null(parsed);
        Assert.Equal("bad.md", problem!.File);
        Assert.Equal(line, problem.Line);
        Assert.Contains(message, problem.Message);
    }
}
