using Masthead.Infrastructure;

namespace Masthead.Features.Publishing;

public static class PublishingSetup
{
    public static IHostApplicationBuilder AddPublishing(this IHostApplicationBuilder builder)
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
        return builder;
    }

    /// <summary>Background work of a serving instance: noticing content changed elsewhere.</summary>
    public static IHostApplicationBuilder AddPublishingWorkers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<PublicPagesWatcher>();
        return builder;
    }

    public static WebApplication MapPublishing(this WebApplication app)
    {
        app.MapFeeds();
        return app;
    }
}
