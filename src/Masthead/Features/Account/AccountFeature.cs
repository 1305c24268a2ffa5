using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Masthead.Features.Account;

/// <summary>
/// A staff member's own account: changing the password. Staff sign-in and roles are part of the platform
/// (<see cref="StaffAuth"/>); the sign-in page is the newsroom's door, /signin.
/// </summary>
public sealed class AccountFeature : Feature
{
    public override void ConfigurePages(PageConventionCollection pages) => pages.AuthorizeFolder("/Account");
}
