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

    /// <summary>The desk a member of staff starts on: the first their roles open (Finance staff cannot open the newsroom).</summary>
    public static string DeskOf(IList<string> roles) =>
        roles.Contains(Roles.Admin) || roles.Contains(Roles.Editor) ? "/newsroom"
        : roles.Contains(Roles.Finance) ? "/finance"
        : roles.Contains(Roles.Membership) ? "/membership"
        : roles.Contains(Roles.Campaigns) ? "/campaigns"
        : "/newsroom";

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            var user = await users.FindByNameAsync(Email.Trim());
            if (user?.MustChangePassword == true) return LocalRedirect("/account/password");
            if (Url.IsLocalUrl(ReturnUrl)) return LocalRedirect(ReturnUrl);
            return LocalRedirect(DeskOf(user is null ? [] : await users.GetRolesAsync(user)));
        }
        Problem = result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes. Try again later or ask an administrator."
            : "That email and password do not match a staff account.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
