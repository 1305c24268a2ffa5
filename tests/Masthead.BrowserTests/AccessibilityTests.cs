using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Masthead.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Masthead.BrowserTests;

public sealed class AccessibilityTests(PaperFixture paper) : PaperTest(paper)
{
    public static TheoryData<string> ReaderPages => ["home", "article", "section", "author", "search results", "sign-in"];

    [Theory]
    [MemberData(nameof(ReaderPages))]
    public async Task Reader_page_has_no_serious_or_critical_axe_violations(string which)
    {
        var article = await Paper.Host.PublishAsync(TestArticle.Unique());
        var page = await OpenPageAsync();
        var (path, heading) = which switch
        {
            "home" => ("/", article.Headline),
            "article" => (article.Path, article.Headline),
            "section" => ($"/section/{article.SectionSlug}", article.SectionName),
            "author" => ($"/author/{article.AuthorSlug}", article.AuthorName),
            "search results" => ($"/search?q={article.Keyword}", "Search"),
            "sign-in" => ("/signin", "Staff sign-in"),
            _ => throw new ArgumentOutOfRangeException(nameof(which)),
        };
        await page.GotoAsync(path);
        // Axe runs on the page the reader sees, not on an error page.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading }).First).ToBeVisibleAsync();

        AssertNoSeriousViolations(await page.RunAxe());
    }

    [Fact]
    public async Task Newsroom_editor_has_no_serious_or_critical_axe_violations()
    {
        var page = await OpenNewsroomAsync();
        var editor = await Pages.ArticleEditor.OpenBlankAsync(page);
        await editor.FillAsync(TestArticle.Unique());
        await Expect(editor.Preview.Locator("em")).ToBeVisibleAsync();

        AssertNoSeriousViolations(await page.RunAxe());
    }

    private static void AssertNoSeriousViolations(AxeResult result)
    {
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe found on {result.Url}:\n" + string.Join("\n", serious.Select(v =>
            $"- [{v.Impact}] {v.Id}: {v.Help}\n    " + string.Join("\n    ", v.Nodes.Select(n => $"{n.Target} {n.Html}: " + string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message)))))));
    }
}
