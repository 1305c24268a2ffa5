namespace Masthead.BrowserTests.Infrastructure;

/// <summary>
/// An article a test owns: its headline and body carry a word no other article has, so the test
/// can find it on any page and search for it without counting what other tests published.
/// </summary>
public sealed record TestArticle(string Keyword, string Headline, string Standfirst, string Body,
    string AuthorName, string AuthorSlug, string SectionName, string SectionSlug)
{
    public string Slug => Masthead.Features.Publishing.Slug.From(Headline);
    public string Path => $"/articles/{Slug}";

    /// <summary>A story by Ruth Okafor in Britain, with a subheading, emphasis, a quotation and a few paragraphs.</summary>
    public static TestArticle Unique()
    {
        var keyword = "depot" + Guid.NewGuid().ToString("N")[..8];
        return new TestArticle(
            keyword,
            Headline: $"Tram cleaners win living wage after nine-week strike at {keyword}",
            Standfirst: "Contractors agree to bring 140 cleaners in-house from April, ending a dispute that shut two depots.",
            Body: $"""
                Cleaners at the {keyword} tram depot returned to work this morning after the operator agreed to pay the *real living wage* and to bring the contract in-house.

                ## What the deal means

                Every cleaner moves onto the operator's own terms, with sick pay from the first day and a pension.

                > We were told it could not be done. It was done because we stood together.

                The union said the {keyword} settlement would be put to members at other depots next month.
                """,
            AuthorName: "Ruth Okafor",
            AuthorSlug: "ruth-okafor",
            SectionName: "Britain",
            SectionSlug: "britain");
    }
}
