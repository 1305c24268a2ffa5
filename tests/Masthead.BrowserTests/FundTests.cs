using Masthead.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Masthead.BrowserTests;

public sealed class FundTests(PaperFixture paper) : PaperTest(paper)
{
    [Fact]
    public async Task A_gift_made_in_one_tab_appears_in_the_widget_open_in_another_within_a_second()
    {
        var watcher = await OpenPageAsync();
        await watcher.GotoAsync("/");
        var widget = watcher.GetByRole(AriaRole.Region, new() { Name = "Fighting fund" });
        var raised = widget.Locator("[data-fund=raised]");
        var before = ShownPounds.Parse(await raised.InnerTextAsync());
        // The live stream is connected once the server has sent the page its first figures.
        await Expect(widget).ToHaveAttributeAsync("data-fund-version", new System.Text.RegularExpressions.Regex(".+"));

        var giver = await OpenPageAsync(390, 844);
        await giver.GotoAsync("/donate");
        await giver.GetByRole(AriaRole.Radio, new() { Name = "£25", Exact = true }).CheckAsync();
        await giver.GetByLabel("Your name").FillAsync("Browser Giver");
        await giver.GetByRole(AriaRole.Textbox, new() { Name = "Email" }).FillAsync($"giver-{Guid.NewGuid():N}@example.org");
        await giver.GetByRole(AriaRole.Textbox, new() { Name = "Town" }).FillAsync("Salford");
        await giver.GetByLabel("Anonymously").CheckAsync();
        await giver.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();

        await Expect(giver.GetByRole(AriaRole.Note)).ToContainTextAsync("no real money moves");
        await giver.GetByRole(AriaRole.Button, new() { Name = "Pay £25" }).ClickAsync();
        await Expect(giver.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thank you");

        // The gift is recorded by now; the open page must show it within a second, without a reload.
        await Expect(raised).ToHaveTextAsync(ShownPounds.Of(before + 25), new() { Timeout = 1_000 });
        Assert.Equal(before + 25, ShownPounds.Parse(await raised.InnerTextAsync()));
    }

    [Fact]
    public async Task The_widget_works_without_javascript()
    {
        var context = await Paper.Browser.NewContextAsync(new() { BaseURL = Paper.Host.BaseAddress.ToString(), JavaScriptEnabled = false });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            var widget = page.GetByRole(AriaRole.Region, new() { Name = "Fighting fund" });
            await Expect(widget.Locator("[data-fund=raised]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^£[0-9,]+$"));
            await Expect(widget.Locator("[data-fund=days]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9]+$"));
            await widget.GetByRole(AriaRole.Link, new() { Name = "Donate today" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/donate$"));
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
