using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Masthead.BrowserTests.Infrastructure;
using Masthead.BrowserTests.Pages;
using Masthead.Infrastructure.Auth;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Masthead.BrowserTests;

/// <summary>
/// Money Masthead did not ask for (a shop's checkout on the paper's Stripe account) is not counted by itself: it waits
/// in Finance's review queue, and counts in the fund readers see only once Finance accepts it.
/// </summary>
public sealed class FinanceReviewTests(PaperFixture paper) : PaperTest(paper)
{
    private static readonly string Screens = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [Fact]
    public async Task A_shops_checkout_waits_for_review_and_counts_in_the_fund_once_Finance_accepts_it()
    {
        var reader = await OpenPageAsync();
        var raised = reader.Locator("[data-fund-page=raised]");
        await reader.GotoAsync("/fund");
        var before = ShownPounds.Parse(await raised.InnerTextAsync());

        // The shop sells a mug through the paper's Stripe account: paid, but not a gift Masthead started.
        var checkout = StripeEvents.NewId("cs");
        var answer = await Paper.Host.DeliverAsync(StripeEvents.Event("checkout.session.completed", StripeEvents.PaidCheckout(
            checkout, 3500, new JsonObject { ["order_id"] = "merch-1042" }, Inbox.NewAddress("mug-buyer"), "Mug Buyer")));
        Assert.Equal(200, answer.Status);
        Assert.Contains("NeedsReview", answer.Body);

        await reader.ReloadAsync();
        await Expect(raised).ToHaveTextAsync(ShownPounds.Of(before));

        var finance = await OpenPageAsync();
        await finance.GotoAsync("/finance");
        await Expect(finance.GetByRole(AriaRole.Heading, new() { Name = "Staff sign-in", Level = 1 })).ToBeVisibleAsync();
        await SignInPage.SubmitAsync(finance, await Paper.Host.AddStaffAsync(Roles.Finance), Staff.Password);
        await Expect(finance.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Fund & donations");
        // The desk's own figure leaves the shop's money out too.
        await Expect(finance.Locator("[data-figure=raised]")).ToHaveTextAsync(ShownPounds.Of(before));
        await finance.GetByRole(AriaRole.Link, new() { Name = "Payments to review" }).ClickAsync();

        var queue = new PaymentsToReview(finance);
        await Expect(queue.Heading).ToBeVisibleAsync();
        var item = queue.Item(checkout);
        await Expect(item.GetByText("not started by Masthead")).ToBeVisibleAsync();
        await Expect(item).ToContainTextAsync("£35.00");
        await Expect(item.GetByLabel("Amount received, in pounds")).ToHaveValueAsync(new Regex(@"^35(\.00)?$"));
        await Expect(item.GetByLabel("Email the payer a receipt")).Not.ToBeCheckedAsync();
        await ShootAsync(finance, "finance-review-1280x900");
        await finance.SetViewportSizeAsync(390, 844);
        await ShootAsync(finance, "finance-review-390x844");
        var overflow = await finance.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The review queue is {overflow}px wider than a phone.");
        await finance.SetViewportSizeAsync(1280, 900);

        await queue.AcceptAsync(checkout, "35", "Mug sales go to the fund this month, as the committee agreed");

        await Expect(queue.Notice).ToContainTextAsync($"Recorded £35 from checkout {checkout}");
        await Expect(queue.Heading).ToBeVisibleAsync();
        await Expect(queue.Item(checkout)).ToHaveCountAsync(0);

        await reader.ReloadAsync();
        await Expect(raised).ToHaveTextAsync(ShownPounds.Of(before + 35));
    }

    private static Task ShootAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screens);
        return page.ScreenshotAsync(new() { Path = Path.Combine(Screens, $"{name}.png"), FullPage = true });
    }
}
