using Masthead.Data;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Masthead.Infrastructure.Auth;

public static class StaffAuth
{
    public const string SignInPath = "/signin";

    /// <summary>ASP.NET Core Identity for staff: hashed passwords, lockout, cookie sign-in, role policies.</summary>
    public static IHostApplicationBuilder AddStaffAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdentity<StaffUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<MastheadDb>()
            .AddDefaultTokenProviders();

        builder.AddDataProtectionKeys();

        var secureCookies = !builder.Environment.IsDevelopment();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = SignInPath;
            o.LogoutPath = "/signout";
            o.Cookie.Name = "masthead.staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            // A signed-in user of the wrong role is told "forbidden" (403), not bounced to a sign-in page.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "masthead.af";
            o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = "X-CSRF-TOKEN";
        });

        builder.Services.Configure<CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "masthead.notice";
            o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Policies.Newsroom, p => p.RequireRole(Roles.Editor, Roles.Admin))
            .AddPolicy(Roles.Policies.Finance, p => p.RequireRole(Roles.Finance, Roles.Admin))
            .AddPolicy(Roles.Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Policies.Membership, p => p.RequireRole(Roles.Membership, Roles.Admin))
            .AddPolicy(Roles.Policies.Campaigns, p => p.RequireRole(Roles.Campaigns, Roles.Admin))
            .AddPolicy(Roles.Policies.Supporters, p => p.RequireRole(Roles.Finance, Roles.Membership, Roles.Admin));
        return builder;
    }

    /// <summary>Creates the five staff roles if a database does not have them yet.</summary>
    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        // One query in the usual case, where every role already exists: start-up time matters.
        var existing = roles.Roles.Select(r => r.Name).ToHashSet();
        foreach (var role in Roles.All.Where(r => !existing.Contains(r)))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }
    }
}
