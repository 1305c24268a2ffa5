using Masthead.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Masthead.BrowserTests;

public sealed class KeyboardTests(PaperFixture paper) : PaperTest(paper)
{
    [Fact]
    public async Task First_tab_on_an_article_reaches_the_skip_link_and_enter_moves_focus_to_the_main_content()
    {
        var article = await Paper.Host.PublishAsync(TestArticle.Unique());
        var page = await OpenPageAsync();
        await page.GotoAsync(article.Path);
        var skipLink = page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        // Hidden above the page until a keyboard user reaches it.
        await Expect(skipLink).Not.ToBeInViewportAsync();

        await page.Keyboard.PressAsync("Tab");

        await Expect(skipLink).ToBeFocusedAsync();
        await Expect(skipLink).ToBeInViewportAsync();

        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Main)).ToBeFocusedAsync();
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        // The next Tab continues from the article, not from the top of the page.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = article.SectionName })).ToBeFocusedAsync();
    }
}
