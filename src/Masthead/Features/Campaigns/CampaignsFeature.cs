using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Campaigns;

/// <summary>Statements people sign: public pages under /statements, the desk under /campaigns (policy "campaigns").</summary>
public sealed class CampaignsFeature : Feature
{
    public const string SignRateLimit = "statement-sign";

    public override void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CampaignOptions>().BindConfiguration(CampaignOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.RateWindow > TimeSpan.Zero && o.LiveInterval > TimeSpan.Zero, "Campaigns:RateWindow and Campaigns:LiveInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<StatementLive>();
        builder.Services.AddSingleton<ILiveFragmentSource, StatementFragments>();
        builder.Services.AddSingleton<SignLimits>();
        builder.Services.AddSingleton<SignatureInserts>();
        builder.Services.AddSingleton<SignatureConfirmations>();
        builder.Services.AddScoped<StatementSigning>();
        builder.Services.AddScoped<StatementCards>();
        builder.Services.AddScoped<IArticleCardSource>(s => s.GetRequiredService<StatementCards>());
        builder.Services.AddScoped<ISitemapSource>(s => s.GetRequiredService<StatementCards>());
        // Signing is limited per network address (the per-email limit is in SignLimits); reading is not.
        builder.Services.AddPostsPerAddress(SignRateLimit, s =>
        {
            var options = s.GetRequiredService<IOptions<CampaignOptions>>().Value;
            return (options.SignsPerAddress, options.RateWindow);
        });
    }

    public override void ConfigurePages(PageConventionCollection pages)
    {
        pages.AuthorizeFolder("/Campaigns/Desk", Roles.Policies.Campaigns);
        pages.AddPageRoute("/Campaigns/Desk/Edit", "/campaigns/statements/new");
    }

    /// <summary>Keeps counts fresh across instances and deletes signatures that lapsed unconfirmed.</summary>
    public override void AddWorkers(IServiceCollection services)
    {
        services.AddSingleton<StatementKeeper>();
        services.AddHostedService(s => s.GetRequiredService<StatementKeeper>());
    }
}
