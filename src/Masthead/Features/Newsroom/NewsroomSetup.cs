namespace Masthead.Features.Newsroom;

public static class NewsroomSetup
{
    public static IHostApplicationBuilder AddNewsroom(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NewsroomOptions>().BindConfiguration(NewsroomOptions.SectionName);
        builder.Services.AddScoped<ArticleDesk>();
        builder.Services.AddScoped<ArticleImporter>();
        return builder;
    }

    public static IHostApplicationBuilder AddNewsroomWorkers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<ScheduledPublisher>();
        return builder;
    }
}
