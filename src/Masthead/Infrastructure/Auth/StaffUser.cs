using Microsoft.AspNetCore.Identity;

namespace Masthead.Infrastructure.Auth;

/// <summary>A member of the paper's staff who signs in to the newsroom.</summary>
public sealed class StaffUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>Set when an account was given a one-time password: the first sign-in asks for a new one.</summary>
    public bool MustChangePassword { get; set; }
}
