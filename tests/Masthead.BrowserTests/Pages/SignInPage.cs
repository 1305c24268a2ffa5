using Masthead.Features.Publishing;
using Microsoft.Playwright;

namespace Masthead.BrowserTests.Pages;

/// <summary>The staff sign-in form. Page objects act; the tests assert.</summary>
public static class SignInPage
{
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/signin");
        await SubmitAsync(page, email, password);
    }

    /// <summary>Fills in the sign-in form already on screen (where the paper sent someone who asked for a staff page) and sends it.</summary>
    public static async Task SubmitAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Signs in as the Development demo editor and waits until the newsroom opens.</summary>
    public static async Task SignInAsDemoEditorAsync(IPage page)
    {
        await SignInAsync(page, DemoContent.StaffEmail, DemoContent.StaffPassword);
        await page.WaitForURLAsync("**/newsroom");
    }
}
