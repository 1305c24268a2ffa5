using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Masthead.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Masthead.BrowserTests;

public sealed class SupporterTests(PaperFixture paper) : PaperTest(paper)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>Checks the page with axe, fits the screen, and keeps a screenshot to look at.</summary>
    private static async Task CheckAsync(IPage page, string name)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe found on {result.Url}:\n" + string.Join("\n", serious.Select(v =>
            $"- [{v.Impact}] {v.Id}: {v.Help}\n    " + string.Join("\n    ", v.Nodes.Select(n => $"{n.Target} {n.Html}")))));
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{name} is {overflow}px wider than the screen.");
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"supporters-{name}.png"), FullPage = true });
    }

    [Fact]
    public async Task The_supporters_pages_pass_axe_and_fit_a_phone_and_a_desktop()
    {
        var phone = await OpenPageAsync(390, 844);
        await phone.GotoAsync("/support");
        await CheckAsync(phone, "support-phone");
        await phone.GetByRole(AriaRole.Radio, new() { Name = "Sustainer" }).CheckAsync();
        await phone.GetByLabel("Your name").FillAsync("Axe Supporter");
        await phone.GetByRole(AriaRole.Textbox, new() { Name = "Email" }).FillAsync($"axe-{Guid.NewGuid():N}@example.org");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();
        await CheckAsync(phone, "sandbox-subscribe-phone");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await CheckAsync(phone, "thanks-phone");

        var desk = await OpenNewsroomAsync();
        foreach (var (path, name) in new[] { ("/supporters", "desk"), ("/supporters/schemes", "schemes"), ("/supporters/schemes/new", "new-scheme"),
                     ("/supporters/new", "new-standing-order") })
        {
            await desk.GotoAsync(path);
            await CheckAsync(desk, name);
        }
        await desk.GotoAsync("/supporters?state=PastDue");
        await desk.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link).First.ClickAsync();
        await CheckAsync(desk, "supporter");
        await desk.GotoAsync("/supporters?state=Active");
        await desk.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row).Filter(new() { HasText = "standing order" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await desk.GetByRole(AriaRole.Link, new() { Name = "Record a standing-order payment" }).ClickAsync();
        await CheckAsync(desk, "record-payment");
    }

    [Fact]
    public async Task A_reader_becomes_a_supporter_through_the_sandbox_signs_in_by_the_emailed_link_and_sees_the_payment()
    {
        var email = $"monthly-{Guid.NewGuid():N}@example.org";
        var page = await OpenPageAsync(390, 844);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Contentinfo).GetByRole(AriaRole.Link, new() { Name = "Become a supporter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Become a supporter");

        await page.GetByRole(AriaRole.Radio, new() { Name = "Solidarity" }).CheckAsync();
        await page.GetByLabel("Your monthly amount in pounds").FillAsync("6");
        await page.GetByLabel("Your name").FillAsync("Browser Supporter");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email" }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("no real money moves");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Subscribe: £6 a month");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thank you");

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "your account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/my/signin"));
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Check your inbox");

        await page.GotoAsync(await Inbox.SignInLinkAsync(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in to your account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/my/support$"));

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First).ToContainTextAsync("£6 a month");
        var payments = page.GetByRole(AriaRole.Table, new() { Name = "Your payments" });
        await Expect(payments.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Expect(payments.GetByRole(AriaRole.Cell, new() { Name = "£6", Exact = true })).ToBeVisibleAsync();
        await CheckAsync(page, "my-support-phone");
    }
}
