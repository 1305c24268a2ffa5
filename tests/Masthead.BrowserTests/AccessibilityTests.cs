using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Masthead.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Masthead.BrowserTests;

public sealed class AccessibilityTests(PaperFixture paper) : PaperTest(paper)
{
    public static TheoryData<string> ReaderPages =>
        ["home", "article", "section", "author", "search results", "sign-in", "fund", "donate", "sandbox checkout",
            "statement", "statement embed", "events", "upcoming event", "past event"];

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
            "fund" => ("/fund", "Fighting fund"),
            "donate" => ("/donate", "Donate to the fighting fund"),
            "sandbox checkout" => (await StartSandboxCheckoutAsync(page), "Pay £25"),
            // The demo statement: its text, count, public signatories, "Featured in" and the sign form.
            "statement" => ($"/statements/{Masthead.Features.Campaigns.StatementsDemo.Slug}", "Keep our buses running after dark"),
            "statement embed" => ($"/statements/{Masthead.Features.Campaigns.StatementsDemo.Slug}/embed", "Keep our buses running after dark"),
            // The demo paper's events: one to come, with its form; one past, with its recording.
            "events" => ("/events", "Events"),
            "upcoming event" => ("/events/peoples-assembly-on-housing", "People's assembly on housing: who owns the city?"),
            "past event" => ("/events/strike-school-gig-economy", "Strike school: organising in the gig economy"),
            _ => throw new ArgumentOutOfRangeException(nameof(which)),
        };
        await page.GotoAsync(path);
        // Axe runs on the page the reader sees, not on an error page.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading }).First).ToBeVisibleAsync();

        AssertNoSeriousViolations(await page.RunAxe());
    }

    private static async Task<string> StartSandboxCheckoutAsync(IPage page)
    {
        await page.GotoAsync("/donate");
        await page.GetByRole(AriaRole.Radio, new() { Name = "£25", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Your name" }).FillAsync("Axe Reader");
        await page.GetByLabel("Email").FillAsync("axe@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/sandbox/checkout/"));
        return new Uri(page.Url).PathAndQuery;
    }

    [Fact]
    public async Task Campaigns_desk_and_the_signing_pages_have_no_serious_or_critical_axe_violations()
    {
        var page = await OpenNewsroomAsync();
        await page.GotoAsync("/campaigns");
        AssertNoSeriousViolations(await page.RunAxe());
        await page.GetByRole(AriaRole.Link, new() { Name = "Keep our buses running after dark" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Keep our buses running after dark");
        AssertNoSeriousViolations(await page.RunAxe());
        await page.GotoAsync("/campaigns/statements/new");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("New statement");
        AssertNoSeriousViolations(await page.RunAxe());

        // A reader's side of signing: the answer to the form, and a link that does not work.
        var reader = await OpenPageAsync();
        await reader.GotoAsync($"/statements/{Masthead.Features.Campaigns.StatementsDemo.Slug}");
        var form = reader.GetByRole(AriaRole.Region, new() { Name = "Sign the statement" });
        // No name: the server answers with its message beside the field.
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Email" }).FillAsync("axe-reader@example.org");
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign", Exact = true }).ClickAsync();
        await Expect(reader.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Your signature was not added");
        AssertNoSeriousViolations(await reader.RunAxe());
        await reader.GotoAsync($"/statements/{Masthead.Features.Campaigns.StatementsDemo.Slug}?signed=confirmed");
        await Expect(reader.GetByRole(AriaRole.Status)).ToContainTextAsync("your signature counts");
        AssertNoSeriousViolations(await reader.RunAxe());
        await reader.GotoAsync($"/statements/{Masthead.Features.Campaigns.StatementsDemo.Slug}/confirm/not-a-real-token-at-all");
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This link does not work");
        AssertNoSeriousViolations(await reader.RunAxe());
    }

    [Fact]
    public async Task Finance_desk_has_no_serious_or_critical_axe_violations()
    {
        var page = await OpenNewsroomAsync();
        foreach (var path in new[] { "/finance", "/finance/money/new", "/finance/ledger", "/finance/import", "/finance/periods", "/finance/audit" })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            AssertNoSeriousViolations(await page.RunAxe());
        }

        // The review queue with an item on it, its answer to an amount it cannot read, and dismissing from that answer
        // (the page is then at ?handler=accept; dismissing also leaves the queue as the test found it).
        var checkout = StripeEvents.NewId("cs");
        var answer = await Paper.Host.DeliverAsync(StripeEvents.Event("checkout.session.completed", StripeEvents.PaidCheckout(
            checkout, 1200, new JsonObject { ["order_id"] = "axe-1" }, "axe-buyer@example.org", "Axe Buyer")));
        Assert.Equal(200, answer.Status);
        var queue = new Pages.PaymentsToReview(page);
        await page.GotoAsync("/finance/review");
        await Expect(queue.Item(checkout)).ToBeVisibleAsync();
        AssertNoSeriousViolations(await page.RunAxe());
        await queue.AcceptAsync(checkout, "twelve", "");
        await Expect(queue.Item(checkout).GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter the amount");
        AssertNoSeriousViolations(await page.RunAxe());
        await queue.DismissAsync(checkout, "A test's checkout");
        await Expect(queue.Notice).ToContainTextAsync("nothing was recorded");
        AssertNoSeriousViolations(await page.RunAxe());
    }

    [Fact]
    public async Task Campaigns_event_desk_has_no_serious_or_critical_axe_violations()
    {
        var page = await OpenNewsroomAsync();
        foreach (var path in new[] { "/campaigns/events", "/campaigns/events/new", "/campaigns/events/1", "/campaigns/events/1/edit" })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            AssertNoSeriousViolations(await page.RunAxe());
        }
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
