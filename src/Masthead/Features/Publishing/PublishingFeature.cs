using Masthead.Infrastructure;

namespace Masthead.Features.Publishing;

public sealed class PublishingFeature : Feature
{
    public override void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaperOptions>().BindConfiguration(PaperOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Paper:TimeZone is not a known time zone.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PaperClock>();
        builder.Services.AddSingleton<ArticleBody>();
        builder.Services.AddSingleton<PublicPages>();
        builder.Services.AddScoped<ArticleSearch>();
        builder.Services.AddScoped<ArticleCardRenderer>();
        builder.Services.AddScoped<IFeaturingArticles, FeaturingArticles>();
        builder.Services.AddMemoryCache();
        builder.Services.AddPublicCaching();
        builder.Services.AddSingleton<ILiveFragmentSource, CardFragments>();
    }

    /// <summary>Background work of a serving instance: noticing content changed elsewhere.</summary>
    public override void AddWorkers(IServiceCollection services) => services.AddHostedService<PublicPagesWatcher>();

    public override void Map(WebApplication app) => app.MapFeeds();
}
