using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Events;

public sealed class EventsFeature : Feature
{
    public const string FormRateLimit = "event-forms";

    /// <summary>Upcoming events in the site-wide calendar feed at most.</summary>
    private const int FeedSize = 200;

    public override void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.ReminderInterval > TimeSpan.Zero, "Events:ReminderInterval must be positive.")
            .Validate(o => o.CardRefreshInterval > TimeSpan.Zero, "Events:CardRefreshInterval must be positive.")
            .Validate(o => o.ReminderLead > TimeSpan.Zero, "Events:ReminderLead must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ISitemapSource>(new StandingPage("/events"));
        builder.Services.AddSingleton<EventCalendar>();
        builder.Services.AddSingleton<EventMail>();
        builder.Services.AddScoped<EventRegistrations>();
        // Saving an event or a registration wakes the workers, so they are there wherever those are (the command line too).
        builder.Services.AddSingleton<Wakeup<EventReminders>>();
        builder.Services.AddSingleton<Wakeup<EventCardRefresher>>();
        builder.Services.AddScoped<EventCards>();
        builder.Services.AddScoped<IArticleCardSource>(s => s.GetRequiredService<EventCards>());
        builder.Services.AddScoped<ISitemapSource>(s => s.GetRequiredService<EventCards>());
        // A person registers or cancels a few times; a script posting hundreds is refused.
        builder.Services.AddPostsPerAddress(FormRateLimit,
            s => (s.GetRequiredService<IOptions<EventsOptions>>().Value.FormPostsPerAddress, TimeSpan.FromMinutes(10)));
    }

    public override void ConfigurePages(PageConventionCollection pages)
    {
        pages.AuthorizeFolder("/Events/Desk", Roles.Policies.Campaigns);
        pages.AddPageRoute("/Events/Desk/Edit", "/campaigns/events/new");
    }

    /// <summary>Reminders the day before, from this instance (alongside any others).</summary>
    public override void AddWorkers(IServiceCollection services)
    {
        services.AddSingleton<EventReminders>();
        services.AddHostedService(s => s.GetRequiredService<EventReminders>());
        services.AddSingleton<EventCardRefresher>();
        services.AddHostedService(s => s.GetRequiredService<EventCardRefresher>());
    }

    public override void Map(WebApplication app)
    {
        // The calendar follows the clock (an event leaves it when it starts), so it is built for each request.
        app.MapGet("/events.ics", async (MastheadDb db, EventCalendar calendar, PaperClock clock,
            IOptions<PaperOptions> paper, CancellationToken ct) =>
        {
            var now = clock.UtcNow;
            var upcoming = await db.Events.AsNoTracking().Where(e => e.EndsAt > now).OrderBy(e => e.StartsAt).Take(FeedSize).ToListAsync(ct);
            var root = SiteUrls.Absolute(paper.Value, "");
            return Results.Text(calendar.Build(upcoming, root, $"{paper.Value.Name} events"), EventCalendar.ContentType);
        });

        app.MapGet("/events/{slug}/calendar.ics", async (string slug, MastheadDb db, EventCalendar calendar,
            IOptions<PaperOptions> paper, CancellationToken ct) =>
        {
            var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
            if (e is null) return Results.NotFound();
            var bytes = System.Text.Encoding.UTF8.GetBytes(calendar.Build([e], SiteUrls.Absolute(paper.Value, "")));
            return Results.File(bytes, EventCalendar.ContentType, EventCalendar.FileName(e));
        });
    }
}
