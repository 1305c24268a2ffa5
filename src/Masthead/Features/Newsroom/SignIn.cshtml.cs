using System.ComponentModel.DataAnnotations;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Masthead.Features.Newsroom;

[AllowAnonymous]
public sealed class SignInModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Enter your email address."), EmailAddress(ErrorMessage = "Enter an email address like name@example.org."), MaxLength(256)]
    public string Email { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Enter your password."), DataType(DataType.Password), MaxLength(200)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            if ((await users.FindByNameAsync(Email.Trim()))?.MustChangePassword == true) return LocalRedirect("/account/password");
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/newsroom");
        }
        Problem = result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes. Try again later or ask an administrator."
            : "That email and password do not match a staff account.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
