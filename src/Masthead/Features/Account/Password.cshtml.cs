using System.ComponentModel.DataAnnotations;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Masthead.Features.Account;

/// <summary>Any signed-in staff member changes their own password; a one-time password must be changed here first.</summary>
public sealed class PasswordModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Enter your current password."), DataType(DataType.Password), Display(Name = "Current password"), MaxLength(200)]
    public string Current { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Choose a new password."), DataType(DataType.Password), Display(Name = "New password"),
     StringLength(200, MinimumLength = 12, ErrorMessage = "Use at least 12 characters.")]
    public string New { get; set; } = "";

    public bool Required { get; private set; }

    public async Task OnGetAsync() => Required = (await users.GetUserAsync(User))?.MustChangePassword == true;

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!ModelState.IsValid) return Invalid();
        var changed = await users.ChangePasswordAsync(user, Current, New);
        if (!changed.Succeeded)
        {
            foreach (var error in changed.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? nameof(Current) : nameof(New),
                    error.Code == "PasswordMismatch" ? "That is not your current password." : error.Description);
            }
            return Invalid();
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        TempData["Notice"] = "Your password has been changed.";
        return LocalRedirect("/newsroom");
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
