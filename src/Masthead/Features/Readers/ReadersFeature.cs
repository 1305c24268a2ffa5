using Masthead.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Readers;

public sealed class ReadersFeature : Feature
{
    public const string SignInRateLimit = "reader-signin";

    public override void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReaderOptions>().BindConfiguration(ReaderOptions.SectionName);
        builder.Services.AddScoped<ReaderLinks>();

        var secureCookies = !builder.Environment.IsDevelopment();
        builder.Services.AddAuthentication().AddCookie(ReaderAccess.Scheme, o =>
        {
            o.Cookie.Name = "masthead.reader";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.LoginPath = ReaderAccess.SignInPath;
            o.LogoutPath = "/my/signout";
            o.SlidingExpiration = true;
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(ReaderAccess.Scheme)
            .Configure<IOptions<ReaderOptions>>((o, readers) => o.ExpireTimeSpan = readers.Value.SessionLifetime);
        builder.Services.AddAuthorizationBuilder().AddPolicy(ReaderAccess.Policy, p => p
            .AddAuthenticationSchemes(ReaderAccess.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(System.Security.Claims.ClaimTypes.Email));

        builder.Services.AddPostsPerAddress(SignInRateLimit,
            s => (s.GetRequiredService<IOptions<ReaderOptions>>().Value.SignInPostsPerTenMinutes, TimeSpan.FromMinutes(10)));
    }

    public override void ConfigurePages(PageConventionCollection pages) => pages.AuthorizePage("/Readers/Home", ReaderAccess.Policy);
}
