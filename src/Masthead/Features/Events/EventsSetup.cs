using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Events;

public static class EventsSetup
{
    public const string FormRateLimit = "event-forms";

    /// <summary>Upcoming events in the site-wide calendar feed at most.</summary>
    private const int FeedSize = 200;

    public static IHostApplicationBuilder AddEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.ReminderInterval > TimeSpan.Zero, "Events:ReminderInterval must be positive.")
            .Validate(o => o.ReminderLead > TimeSpan.Zero, "Events:ReminderLead must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ISitemapSource>(new StandingPage("/events"));
        builder.Services.AddSingleton<EventCalendar>();
        builder.Services.AddSingleton<EventMail>();
        builder.Services.AddScoped<EventRegistrations>();
        builder.Services.AddScoped<EventCards>();
        builder.Services.AddScoped<IArticleCardSource>(s => s.GetRequiredService<EventCards>());
        builder.Services.AddScoped<ISitemapSource>(s => s.GetRequiredService<EventCards>());
        // After AddRazorPages' own setup, which replaces the convention collection (so order in Program does not matter).
        builder.Services.PostConfigure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder("/Events/Desk", Roles.Policies.Campaigns);
            o.Conventions.AddPageRoute("/Events/Desk/Edit", "/campaigns/events/new");
        });
        // A person registers or cancels a few times; a script posting hundreds is refused.
        builder.Services.AddPostsPerAddress(FormRateLimit,
            s => (s.GetRequiredService<IOptions<EventsOptions>>().Value.FormPostsPerAddress, TimeSpan.FromMinutes(10)));
        return builder;
    }

    /// <summary>Reminders the day before, from this instance (alongside any others).</summary>
    public static IHostApplicationBuilder AddEventsWorkers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EventReminders>();
        builder.Services.AddHostedService(s => s.GetRequiredService<EventReminders>());
        builder.Services.AddSingleton<EventCardRefresher>();
        builder.Services.AddHostedService(s => s.GetRequiredService<EventCardRefresher>());
        return builder;
    }

    public static WebApplication MapEvents(this WebApplication app)
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
        return app;
    }
}
