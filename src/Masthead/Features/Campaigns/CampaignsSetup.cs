using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;
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
        // Signing is limited per network address (the per-email limit is in SignLimits); reading is not.
        builder.Services.AddPostsPerAddress(SignRateLimit, s =>
        {
            var options = s.GetRequiredService<IOptions<CampaignOptions>>().Value;
            return (options.SignsPerAddress, options.RateWindow);
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
