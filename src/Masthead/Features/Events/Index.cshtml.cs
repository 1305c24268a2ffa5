using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Events;

/// <summary>The events listing: what is coming (soonest first, live ones on top) and what has been (latest first).</summary>
public sealed class IndexModel(MastheadDb db, PaperClock clock) : PageModel
{
    private const int PastShown = 30;

    public List<Event> Upcoming { get; private set; } = [];
    public List<Event> Past { get; private set; } = [];
    public DateTime Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.UtcNow;
        var now = Now;
        Upcoming = await db.Events.AsNoTracking().Where(e => e.EndsAt > now).OrderBy(e => e.StartsAt).ToListAsync(ct);
        Past = await db.Events.AsNoTracking().Where(e => e.EndsAt <= now).OrderByDescending(e => e.StartsAt).Take(PastShown).ToListAsync(ct);
    }
}
