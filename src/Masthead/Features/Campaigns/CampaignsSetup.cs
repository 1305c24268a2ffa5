using System.Threading.RateLimiting;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Campaigns;

/// <summary>Statements people sign: public pages under /statements, the desk under /campaigns (policy "campaigns").</summary>
public static class CampaignsSetup
{
    public const string SignRateLimit = "statement-sign";

    public static IHostApplicationBuilder AddCampaigns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CampaignOptions>().BindConfiguration(CampaignOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.RateWindow > TimeSpan.Zero && o.LiveInterval > TimeSpan.Zero, "Campaigns:RateWindow and Campaigns:LiveInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<StatementLive>();
        builder.Services.AddSingleton<SignLimits>();
        builder.Services.AddSingleton<SignatureInserts>();
        builder.Services.AddSingleton<SignatureConfirmations>();
        builder.Services.AddScoped<StatementSigning>();
        builder.Services.AddScoped<StatementCards>();
        builder.Services.AddScoped<IArticleCardSource>(s => s.GetRequiredService<StatementCards>());
        builder.Services.AddScoped<ISitemapSource>(s => s.GetRequiredService<StatementCards>());
        // After AddRazorPages' own setup, which gives the options a fresh convention collection.
        builder.Services.PostConfigure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder("/Campaigns/Desk", Roles.Policies.Campaigns);
            o.Conventions.AddPageRoute("/Campaigns/Desk/Edit", "/campaigns/statements/new");
        });
        builder.Services.AddRateLimiter(o =>
        {
            // Signing is limited per network address (the per-email limit is in SignLimits); reading is not.
            o.AddPolicy(SignRateLimit, http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("reads");
                var options = http.RequestServices.GetRequiredService<IOptions<CampaignOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignsPerAddress, Window = options.RateWindow });
            });
        });
        return builder;
    }

    /// <summary>Keeps counts fresh across instances and deletes signatures that lapsed unconfirmed.</summary>
    public static IHostApplicationBuilder AddCampaignsWorkers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StatementKeeper>();
        builder.Services.AddHostedService(s => s.GetRequiredService<StatementKeeper>());
        return builder;
    }
}
