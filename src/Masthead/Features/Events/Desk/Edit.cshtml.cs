using System.ComponentModel.DataAnnotations;
using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Events.Desk;

/// <summary>Creates or edits an event: its words, its time in the paper's zone, its place, stream, capacity and recording.</summary>
public sealed class EditModel(MastheadDb db, EventRegistrations registrations, PaperClock clock, PublicPages publicPages) : PageModel
{
    public sealed class EventInput
    {
        [Required(ErrorMessage = "Give the event a title."), MaxLength(Event.TitleMax, ErrorMessage = "Titles are at most 200 characters.")]
        public string Title { get; set; } = "";

        [MaxLength(Event.SlugMax, ErrorMessage = "The web address is at most 120 characters.")]
        public string? Slug { get; set; }

        [MaxLength(Event.DescriptionMax, ErrorMessage = "The description is at most 20,000 characters.")]
        public string? Description { get; set; }

        /// <summary>Wall-clock time in the paper's zone.</summary>
        [Required(ErrorMessage = "Say when the event starts."), Display(Name = "Starts")]
        public DateTime? Starts { get; set; }

        [Required(ErrorMessage = "Say when the event ends."), Display(Name = "Ends")]
        public DateTime? Ends { get; set; }

        [MaxLength(Event.VenueMax, ErrorMessage = "The venue is at most 300 characters.")]
        public string? Venue { get; set; }

        [MaxLength(Event.UrlMax, ErrorMessage = "Links are at most 500 characters.")]
        public string? StreamUrl { get; set; }

        [MaxLength(Event.UrlMax, ErrorMessage = "Links are at most 500 characters.")]
        public string? RecordingUrl { get; set; }

        [Range(1, Event.CapacityMax, ErrorMessage = "Capacity is a whole number of places from 1 to 100,000, or empty for no limit.")]
        public int? Capacity { get; set; }
    }

    [BindProperty]
    public EventInput Input { get; set; } = new();

    public Event? Event { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is null)
        {
            // A sensible start: a week today at seven in the evening, for two hours.
            var start = clock.Today().AddDays(7).ToDateTime(new TimeOnly(19, 0));
            Input = new EventInput { Starts = start, Ends = start.AddHours(2) };
            return Page();
        }
        Event = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (Event is null) return NotFound();
        Input = new EventInput
        {
            Title = Event.Title,
            Slug = Event.Slug,
            Description = Event.Description,
            Venue = Event.Venue,
            StreamUrl = Event.StreamUrl,
            RecordingUrl = Event.RecordingUrl,
            Capacity = Event.Capacity,
            Starts = clock.ToLocal(Event.StartsAt),
            Ends = clock.ToLocal(Event.EndsAt),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        if (id is not null)
        {
            Event = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
            if (Event is null) return NotFound();
        }
        var slug = Publishing.Slug.Choose(Input.Slug, Input.Title);
        if (!Publishing.Slug.IsValid(slug)) ModelState.AddModelError("Input.Slug", Publishing.Slug.InvalidMessage);
        else if (await db.Events.AnyAsync(e => e.Slug == slug && e.Id != (id ?? 0), ct))
            ModelState.AddModelError("Input.Slug", $"Another event already uses /events/{slug}.");
        var startsAt = ToUtc(Input.Starts, "Input.Starts");
        var endsAt = ToUtc(Input.Ends, "Input.Ends");
        if (startsAt is not null && endsAt is not null && endsAt <= startsAt)
            ModelState.AddModelError("Input.Ends", "The event must end after it starts.");
        var stream = Link(Input.StreamUrl, "Input.StreamUrl");
        var recording = Link(Input.RecordingUrl, "Input.RecordingUrl");
        if (!ModelState.IsValid) return Invalid();

        var fields = new EventRegistrations.EventFields(slug, Input.Title.Trim(), Input.Description?.Trim() ?? "",
            string.IsNullOrWhiteSpace(Input.Venue) ? null : Input.Venue.Trim(), stream, recording, Input.Capacity, startsAt!.Value, endsAt!.Value);
        var (saved, problem) = await registrations.SaveEventAsync(id, fields, ct);
        if (problem is not null)
        {
            ModelState.AddModelError("Input.Capacity", problem);
            return Invalid();
        }
        // Articles carrying the event's card, the sitemap and the listing show the change.
        await publicPages.ChangedAsync(ct);
        TempData["Notice"] = id is null ? $"Created the event \u201c{saved!.Title}\u201d." : $"Saved the event \u201c{saved!.Title}\u201d.";
        return Redirect($"/campaigns/events/{saved.Id}");
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private DateTime? ToUtc(DateTime? local, string field)
    {
        if (local is not { } l) return null;
        try
        {
            return clock.LocalToUtc(l);
        }
        catch (ArgumentException)
        {
            // The hour the clocks go forward does not exist in the paper's zone.
            ModelState.AddModelError(field, "That time does not exist here: the clocks go forward then. Choose another.");
            return null;
        }
    }

    private string? Link(string? url, string field)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        url = url.Trim();
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)) return url;
        ModelState.AddModelError(field, "Links must be full web addresses starting with https://.");
        return null;
    }
}
