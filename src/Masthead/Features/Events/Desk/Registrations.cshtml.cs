using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Events.Desk;

/// <summary>Who is coming, who is waiting (in their order) and who cancelled.</summary>
public sealed class RegistrationsModel(MastheadDb db, PaperClock clock) : PageModel
{
    public Event Event { get; private set; } = null!;
    public EventState State { get; private set; }
    public List<Registration> Registered { get; private set; } = [];
    public List<Registration> Waiting { get; private set; } = [];
    public List<Registration> Cancelled { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return NotFound();
        Event = e;
        State = e.StateAt(clock.UtcNow);
        var all = await db.Registrations.AsNoTracking().Where(r => r.EventId == id).OrderBy(r => r.Id).ToListAsync(ct);
        Registered = all.Where(r => r.Status == RegistrationStatus.Registered).ToList();
        Waiting = all.Where(r => r.Status == RegistrationStatus.Waiting).ToList();
        Cancelled = all.Where(r => r.Status == RegistrationStatus.Cancelled).ToList();
        return Page();
    }
}
