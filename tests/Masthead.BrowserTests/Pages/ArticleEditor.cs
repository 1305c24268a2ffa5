using Masthead.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Masthead.BrowserTests.Pages;

/// <summary>The newsroom's article editor, found the way an editor finds it: by its labels and buttons.</summary>
public sealed class ArticleEditor(IPage page)
{
    public ILocator Headline => page.GetByLabel("Headline", new() { Exact = true });
    public ILocator Standfirst => page.GetByLabel("Standfirst");
    public ILocator Author => page.GetByLabel("Author");
    public ILocator Section => page.GetByLabel("Section");
    public ILocator Body => page.GetByLabel("Body");
    public ILocator Preview => page.GetByRole(AriaRole.Region, new() { Name = "Preview" });
    public ILocator Notice => page.GetByRole(AriaRole.Status);

    /// <summary>From the newsroom, follows "Write" to a blank editor.</summary>
    public static async Task<ArticleEditor> OpenBlankAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Newsroom" })
            .GetByRole(AriaRole.Link, new() { Name = "Write" }).ClickAsync();
        // Wait for the page to finish loading, as the editor does: the live preview's script runs at the end.
        await page.WaitForURLAsync("**/newsroom/articles/new");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Write an article", Level = 1 }).WaitForAsync();
        return new ArticleEditor(page);
    }

    public async Task FillAsync(TestArticle article)
    {
        await Headline.FillAsync(article.Headline);
        await Standfirst.FillAsync(article.Standfirst);
        await Author.SelectOptionAsync(new SelectOptionValue { Label = article.AuthorName });
        await Section.SelectOptionAsync(new SelectOptionValue { Label = article.SectionName });
        await Body.FillAsync(article.Body);
    }

    public Task PublishNowAsync() =>
        page.GetByRole(AriaRole.Button, new() { Name = "Publish now" }).ClickAsync();
}
