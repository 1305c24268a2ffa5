using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Events.Desk;

/// <summary>The Campaigns desk's events: every event, soonest first, with its places taken and its queue.</summary>
public sealed class IndexModel(MastheadDb db, PaperClock clock) : PageModel
{
    public sealed record Row(Event Event, EventState State, int Registered, int Waiting);

    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.UtcNow;
        var all = await db.Events.AsNoTracking().ToListAsync(ct);
        // What is still to come, soonest first; then what is over, latest first.
        var events = all.Where(e => e.EndsAt > now).OrderBy(e => e.StartsAt)
            .Concat(all.Where(e => e.EndsAt <= now).OrderByDescending(e => e.StartsAt));
        var counts = await db.Registrations.AsNoTracking().Where(r => r.Status != RegistrationStatus.Cancelled)
            .GroupBy(r => new { r.EventId, r.Status }).Select(g => new { g.Key.EventId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        int Count(int id, RegistrationStatus s) => counts.FirstOrDefault(c => c.EventId == id && c.Status == s)?.Count ?? 0;
        Rows = events.Select(e => new Row(e, e.StateAt(now), Count(e.Id, RegistrationStatus.Registered), Count(e.Id, RegistrationStatus.Waiting))).ToList();
    }
}
