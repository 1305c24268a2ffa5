using System.Text.RegularExpressions;
using Masthead.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Masthead.BrowserTests;

public sealed class ScreenshotTests(PaperFixture paper) : PaperTest(paper)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static TheoryData<string, int, int> Views => new()
    {
        { "home", 390, 844 },
        { "home", 1280, 900 },
        { "article", 390, 844 },
        { "article", 1280, 900 },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task Page_renders_styled_and_fits_the_screen(string which, int width, int height)
    {
        var article = await Paper.Host.PublishAsync(TestArticle.Unique());
        var page = await OpenPageAsync(width, height);
        await page.GotoAsync(which == "home" ? "/" : article.Path);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = article.Headline }).Or(
            page.GetByRole(AriaRole.Heading, new() { Name = article.Headline, Level = 1 })).First).ToBeVisibleAsync();
        await page.EvaluateAsync("() => document.fonts.ready");

        // The stylesheet applied: a red masthead, white nameplate, serif type, dark section bar.
        var masthead = page.GetByRole(AriaRole.Banner);
        await Expect(masthead).ToHaveCSSAsync("background-color", "rgb(200, 16, 46)");
        await Expect(masthead.GetByRole(AriaRole.Link, new() { Name = "The Daily Masthead" })).ToHaveCSSAsync("color", "rgb(255, 255, 255)");
        await Expect(page.Locator("body")).ToHaveCSSAsync("font-family", new Regex("serif"));
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" })).ToHaveCSSAsync("background-color", "rgb(26, 26, 26)");
        // Nothing pushes the page wider than the screen (a phone reader would have to scroll sideways).
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The {which} page is {overflow}px wider than a {width}px screen.");

        Directory.CreateDirectory(Folder);
        var file = Path.Combine(Folder, $"{which}-{width}x{height}.png");
        var png = await page.ScreenshotAsync(new() { Path = file, FullPage = true });
        Assert.True(png.Length > 10_000, $"The screenshot of {which} is only {png.Length} bytes.");
    }
}
