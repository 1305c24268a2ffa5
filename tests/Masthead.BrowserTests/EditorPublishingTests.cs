using Masthead.BrowserTests.Infrastructure;
using Masthead.BrowserTests.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Masthead.BrowserTests;

public sealed class EditorPublishingTests(PaperFixture paper) : PaperTest(paper)
{
    [Fact]
    public async Task Editor_writes_an_article_sees_the_markdown_preview_and_publishes_it()
    {
        var article = TestArticle.Unique();
        var page = await OpenNewsroomAsync();

        var editor = await ArticleEditor.OpenBlankAsync(page);
        await Expect(editor.Preview.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Preview");
        await editor.FillAsync(article);

        // The preview is rendered by the server from what was typed: a level-2 heading and emphasis.
        await Expect(editor.Preview.GetByRole(AriaRole.Heading, new() { Name = "What the deal means", Level = 2 })).ToBeVisibleAsync();
        await Expect(editor.Preview.Locator("em")).ToHaveTextAsync("real living wage");
        await Expect(editor.Preview.GetByRole(AriaRole.Blockquote)).ToContainTextAsync("because we stood together");
        await Expect(editor.Preview).Not.ToContainTextAsync("## What the deal means");

        await editor.PublishNowAsync();

        await Expect(editor.Notice).ToHaveTextAsync("Published. Readers can see it now.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "View on the site" })).ToHaveAttributeAsync("href", article.Path);
        await Expect(editor.Headline).ToHaveValueAsync(article.Headline);
    }
}
