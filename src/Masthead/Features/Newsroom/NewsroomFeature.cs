using Masthead.Infrastructure;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
namespace Masthead.Features.Newsroom;

public sealed class NewsroomFeature : Feature
{
    public override void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NewsroomOptions>().BindConfiguration(NewsroomOptions.SectionName);
        builder.Services.AddScoped<ArticleDesk>();
        // The desk wakes the scheduler when it schedules, so it is there wherever the desk is (the command line too).
        builder.Services.AddSingleton<Wakeup<ScheduledPublisher>>();
        builder.Services.AddScoped<ArticleImporter>();
    }

    public override void ConfigurePages(PageConventionCollection pages)
    {
        pages.AuthorizeFolder("/Newsroom", Roles.Policies.Newsroom);
        pages.AuthorizePage("/Newsroom/Settings", Roles.Policies.Admin);
        pages.AllowAnonymousToPage("/Newsroom/SignIn");
        pages.AllowAnonymousToPage("/Newsroom/SignOut");
        pages.AddPageRoute("/Newsroom/Edit", "/newsroom/articles/new");
        pages.AddPageRoute("/Newsroom/EditAuthor", "/newsroom/authors/new");
    }

    public override void AddWorkers(IServiceCollection services) => services.AddHostedService<ScheduledPublisher>();

    /// <summary>The editor's live preview (see <see cref="NewsroomEndpoints"/>).</summary>
    public override void Map(WebApplication app) => app.MapNewsroom();
}
