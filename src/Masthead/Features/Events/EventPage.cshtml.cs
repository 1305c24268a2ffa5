using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Events;

/// <summary>
/// An event's page. Before it starts it takes registrations; while it runs the stream leads the page; afterwards
/// it offers the recording. Not output-cached: it changes with the clock and with every place taken.
/// </summary>
[EnableRateLimiting(EventsFeature.FormRateLimit)]
public sealed class EventPageModel(MastheadDb db, EventRegistrations registrations, PaperClock clock, ArticleBody body,
    IOptions<PaperOptions> paper, IEnumerable<IFeaturingArticles> featuring) : PageModel
{
    public Event Event { get; private set; } = null!;
    public EventState State { get; private set; }
    public string DescriptionHtml { get; private set; } = "";
    public string When { get; private set; } = "";
    public DateTimeOffset Start { get; private set; }
    public DateTimeOffset End { get; private set; }
    public int FreePlaces { get; private set; }
    public IReadOnlyList<Teaser> FeaturedIn { get; private set; } = [];
    public string CanonicalUrl { get; private set; } = "";
    /// <summary>schema.org Event, so search engines can show the date, place and stream.</summary>
    public string JsonLd { get; private set; } = "";

    /// <summary>What became of the reader's registration, shown once after the form is sent.</summary>
    [TempData]
    public string? Notice { get; set; }

    [BindProperty, Required(ErrorMessage = "Tell us your name."),
     MaxLength(Registration.NameMax, ErrorMessage = "Names are at most 200 characters.")]
    public string Name { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Give an email address for your confirmation."),
     EmailAddress(ErrorMessage = "Enter an email address like name@example.org."),
     MaxLength(Registration.EmailMax, ErrorMessage = "Email addresses are at most 254 characters.")]
    public string Email { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct) =>
        await LoadAsync(slug, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (State != EventState.Upcoming) return Closed();
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var result = await registrations.RegisterAsync(Event.Id, Name, Email, ct);
        switch (result.Outcome)
        {
            case EventRegistrations.Outcome.NotFound:
                return NotFound();
            case EventRegistrations.Outcome.Closed:
                // It started between showing the page and registering.
                State = Event.StateAt(clock.UtcNow);
                return Closed();
        }
        Notice = result.Outcome switch
        {
            EventRegistrations.Outcome.Registered => "You're registered. We've emailed your confirmation, with the event for your calendar.",
            EventRegistrations.Outcome.Waiting => $"The event is full, so you're on the waiting list (number {result.Position}). We'll email you if a place comes up.",
            EventRegistrations.Outcome.AlreadyRegistered => "You're already registered with that email address: your place is safe. Your confirmation email has a link to cancel.",
            _ => $"You're already on the waiting list with that email address (number {result.Position}). We'll email you if a place comes up.",
        };
        return Redirect(Event.Path);
    }

    private string BuildJsonLd()
    {
        var e = Event;
        object? place = e.IsOnline ? null : new Dictionary<string, object?> { ["@type"] = "Place", ["name"] = e.Venue, ["address"] = e.Venue };
        object? online = e.StreamUrl is null ? null : new Dictionary<string, object?> { ["@type"] = "VirtualLocation", ["url"] = e.StreamUrl };
        var data = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Event",
            ["name"] = e.Title,
            ["startDate"] = Start.ToString("yyyy-MM-ddTHH:mm:sszzz"),
            ["endDate"] = End.ToString("yyyy-MM-ddTHH:mm:sszzz"),
            ["url"] = CanonicalUrl,
            ["eventStatus"] = "https://schema.org/EventScheduled",
            ["eventAttendanceMode"] = e.IsOnline ? "https://schema.org/OnlineEventAttendanceMode"
                : online is null ? "https://schema.org/OfflineEventAttendanceMode" : "https://schema.org/MixedEventAttendanceMode",
            ["location"] = new[] { place, online }.Where(l => l is not null).ToArray(),
            ["organizer"] = new Dictionary<string, object?> { ["@type"] = "NewsMediaOrganization", ["name"] = paper.Value.Name, ["url"] = SiteUrls.Absolute(paper.Value, "/") },
        };
        if (e.RecordingUrl is not null) data["recordedIn"] = new Dictionary<string, object?> { ["@type"] = "VideoObject", ["name"] = e.Title, ["contentUrl"] = e.RecordingUrl };
        // The default encoder escapes <, > and &, so nothing in a title can close the script element.
        return JsonSerializer.Serialize(data);
    }

    private PageResult Closed()
    {
        ModelState.Clear();
        ModelState.AddModelError("", "Registration has closed: the event has already started.");
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken ct)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
        if (e is null) return false;
        Event = e;
        State = e.StateAt(clock.UtcNow);
        DescriptionHtml = body.ToHtml(e.Description);
        When = EventTimes.Describe(clock, paper.Value, e);
        Start = clock.ToLocalOffset(e.StartsAt);
        End = clock.ToLocalOffset(e.EndsAt);
        FreePlaces = State == EventState.Upcoming ? await registrations.FreePlacesAsync(e, ct) : 0;
        CanonicalUrl = SiteUrls.Absolute(paper.Value, e.Path);
        JsonLd = BuildJsonLd();
        // Articles that feature the event, when the publishing side offers them.
        var featured = new List<Teaser>();
        foreach (var source in featuring) featured.AddRange(await source.LinkingToAsync(e.Path, ct));
        FeaturedIn = featured.DistinctBy(t => t.Slug).ToList();
        return true;
    }
}
