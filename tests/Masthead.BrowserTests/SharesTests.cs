using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Masthead.BrowserTests.Infrastructure;
using Masthead.Infrastructure.Auth;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Masthead.BrowserTests;

/// <summary>
/// A reader applies for shares through the sandbox checkout; a Finance-only user cannot approve; a Membership
/// officer approves; the reader signs in by the link emailed to them and sees their holding.
/// </summary>
public sealed partial class SharesTests(PaperFixture paper) : PaperTest(paper)
{
    private static readonly string Screens = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    private static async Task CheckAxeAsync(IPage page)
    {
        var violations = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))})")));
    }

    private static Task ShootAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screens);
        return page.ScreenshotAsync(new() { Path = Path.Combine(Screens, $"{name}.png"), FullPage = true });
    }

    [Fact]
    public async Task A_reader_applies_the_committee_approves_and_the_reader_sees_their_holding()
    {
        var email = $"reader-{Guid.NewGuid():N}@example.org";
        var reader = await OpenPageAsync(390, 844);
        await reader.GotoAsync("/");
        await reader.GetByRole(AriaRole.Link, new() { Name = "Buy shares", Exact = true }).ClickAsync();
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Buy shares and own the paper");
        await CheckAxeAsync(reader);
        await reader.GetByLabel("Full name, or the organisation's name").FillAsync("Rosa Weaver");
        await reader.GetByLabel("Postal address").FillAsync("21 Loom Street\nTodmorden");
        await reader.GetByLabel("Postcode").FillAsync("OL14 7AB");
        await reader.GetByRole(AriaRole.Textbox, new() { Name = "Email" }).FillAsync(email);
        await reader.GetByLabel("Number of shares").FillAsync("50");
        await reader.GetByLabel("By card, on a secure checkout page").CheckAsync();
        await reader.GetByLabel("I have read and accept the society's rules").CheckAsync();
        await reader.GetByLabel("I am 16 or over").CheckAsync();
        await ShootAsync(reader, "shares-390");
        await reader.GetByRole(AriaRole.Button, new() { Name = "Apply for shares" }).ClickAsync();

        await Expect(reader.GetByRole(AriaRole.Note)).ToContainTextAsync("no real money moves");
        await CheckAxeAsync(reader);
        await reader.GetByRole(AriaRole.Button, new() { Name = "Pay £50" }).ClickAsync();
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thank you for applying");
        var reference = ReferencePattern().Match(await reader.Locator("main").InnerTextAsync()).Value;
        Assert.NotEmpty(reference);

        // A Finance user without the Membership role is refused the committee's desk.
        var finance = await OpenPageAsync();
        await Pages.SignInPage.SignInAsync(finance, await Paper.Host.AddStaffAsync(Roles.Finance), Staff.Password);
        await finance.WaitForURLAsync(new Regex("/(newsroom|finance)"));
        var refused = await finance.GotoAsync("/membership/applications");
        Assert.Equal(403, refused!.Status);

        var officer = await OpenPageAsync();
        await Pages.SignInPage.SignInAsync(officer, await Paper.Host.AddStaffAsync(Roles.Membership), Staff.Password);
        await officer.WaitForURLAsync(new Regex("/(newsroom|membership)"));
        await officer.GotoAsync("/membership/applications");
        await CheckAxeAsync(officer);
        await officer.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Application {reference}");
        await CheckAxeAsync(officer);
        await officer.GetByRole(AriaRole.Button, new() { Name = "Approve and allot 50 shares" }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Status)).ToContainTextAsync("Approved: Rosa Weaver is member number");
        await Expect(officer.Locator("[data-field=shares]")).ToHaveTextAsync("50");
        await CheckAxeAsync(officer);
        await ShootAsync(officer, "member-entry-1280");
        await officer.GotoAsync("/membership");
        await CheckAxeAsync(officer);
        await ShootAsync(officer, "register-1280");
        foreach (var path in new[] { "/membership/members", "/membership/withdrawals", "/membership/officers", "/membership/voters" })
        {
            await officer.GotoAsync(path);
            await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await CheckAxeAsync(officer);
        }
        await finance.GotoAsync("/finance/shares");
        await Expect(finance.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Share money");
        await CheckAxeAsync(finance);

        await reader.GotoAsync("/my/signin");
        await reader.GetByLabel("Email address").FillAsync(email);
        await reader.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync();
        var mail = await Inbox.WaitForTextAsync(email, "sign in");
        var link = LinkPattern().Match(mail).Value;
        Assert.NotEmpty(link);
        await reader.GotoAsync(new Uri(link).PathAndQuery);
        await reader.GetByRole(AriaRole.Button, new() { Name = "Sign in to your account" }).ClickAsync();
        await reader.GetByRole(AriaRole.Link, new() { Name = "Your membership of the co-operative" }).ClickAsync();

        await Expect(reader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your membership");
        await Expect(reader.Locator("[data-field=shares]")).ToHaveTextAsync("50");
        await Expect(reader.Locator("[data-field=paid]")).ToHaveTextAsync("£50");
        await CheckAxeAsync(reader);
        await ShootAsync(reader, "my-membership-390");
        var overflow = await reader.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The member's page is {overflow}px wider than a phone.");
    }

    [GeneratedRegex(@"SH-[0-9A-Z]{6}")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"https?://\S+/my/signin/link\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex LinkPattern();
}
