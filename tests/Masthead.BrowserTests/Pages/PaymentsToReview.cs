using Microsoft.Playwright;

namespace Masthead.BrowserTests.Pages;

/// <summary>Finance's queue of payments Masthead did not count, read as Finance reads it: each item by the checkout it shows.</summary>
public sealed class PaymentsToReview(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Payments to review", Level = 1 });
    public ILocator Notice => page.GetByRole(AriaRole.Status);

    /// <summary>The queue's item about a checkout: the item names the checkout it is about.</summary>
    public ILocator Item(string checkoutId) =>
        page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Listitem).Filter(new() { HasText = checkoutId });

    /// <summary>Accepts the checkout into the fund at <paramref name="pounds"/>, with Finance's reason, and no receipt.</summary>
    public async Task AcceptAsync(string checkoutId, string pounds, string reason)
    {
        var item = Item(checkoutId);
        await item.GetByLabel("Amount received, in pounds").FillAsync(pounds);
        await item.GetByLabel("Why it belongs in the fund").FillAsync(reason);
        await item.GetByRole(AriaRole.Button, new() { Name = "Accept into the fund" }).ClickAsync();
    }

    /// <summary>Dismisses the checkout: nothing is recorded.</summary>
    public async Task DismissAsync(string checkoutId, string reason)
    {
        var item = Item(checkoutId);
        await item.GetByLabel("Why it is not the fund's").FillAsync(reason);
        await item.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
    }
}
