using Ical.Net;
using Masthead.Features.Events;
using Masthead.Features.Publishing;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Events;

/// <summary>Makes events for one test through the same service the Campaigns desk uses.</summary>
public static class EventBuilder
{
    /// <summary>An event starting <paramref name="startsIn"/> from the app's clock, with a slug of its own.</summary>
    public static Task<Event> NewEventAsync(this MastheadApp app, TimeSpan startsIn, int? capacity = null,
        TimeSpan? lasts = null, string? recording = null, string? venue = "Hall of the People, Leeds") =>
        app.NewEventAtAsync(app.Clock.GetUtcNow().UtcDateTime + startsIn, capacity, lasts, recording, venue);

    public static async Task<Event> NewEventAtAsync(this MastheadApp app, DateTime startsAtUtc, int? capacity = null,
        TimeSpan? lasts = null, string? recording = null, string? venue = "Hall of the People, Leeds")
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var fields = new EventRegistrations.EventFields($"meeting-{tag}", $"Meeting {tag}",
            "Come and *plan* the campaign.\n\n<script>alert(1)</script>", venue, "https://stream.example/live", recording,
            capacity, startsAtUtc, startsAtUtc + (lasts ?? TimeSpan.FromHours(2)));
        var (saved, problem) = await app.WithServiceAsync<EventRegistrations, (Event?, string?)>(r => r.SaveEventAsync(null, fields));
        Assert.Null(problem);
        return saved!;
    }

    public static Task<EventRegistrations.Result> RegisterAsync(this MastheadApp app, Event e, string email, string name = "Rosa Reader") =>
        app.WithServiceAsync<EventRegistrations, EventRegistrations.Result>(r => r.RegisterAsync(e.Id, name, email));

    /// <summary>A wall-clock time in London on a date, as UTC.</summary>
    public static DateTime London(this MastheadApp app, DateOnly date, int hour, int minute = 0) =>
        app.Services.GetRequiredService<PaperClock>().LocalToUtc(date.ToDateTime(new TimeOnly(hour, minute)));

    public static DateOnly Today(this MastheadApp app) => app.Services.GetRequiredService<PaperClock>().Today();

    public static Calendar ParseCalendar(string ics) => Calendar.Load(ics) ?? throw new InvalidOperationException("Not iCalendar");
}
