using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.BrowserTests.Infrastructure;

/// <summary>Staff a test owns: a new account with only the roles its journey needs, made through the paper's own user store.</summary>
public static class Staff
{
    public const string Password = "correct-horse-battery";

    /// <summary>Adds a staff member with the roles and <see cref="Password"/>; gives their email, which signs them in.</summary>
    public static async Task<string> AddStaffAsync(this PaperHost host, params string[] roles)
    {
        var email = $"staff-{Guid.NewGuid():N}@masthead.test";
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true };
        var made = await users.CreateAsync(user, Password);
        if (made.Succeeded) made = await users.AddToRolesAsync(user, roles);
        if (!made.Succeeded) throw new InvalidOperationException(string.Join("; ", made.Errors.Select(e => e.Description)));
        return email;
    }
}
