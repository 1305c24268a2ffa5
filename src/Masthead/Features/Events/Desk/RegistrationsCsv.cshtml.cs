using System.Globalization;
using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Csv;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Events.Desk;

/// <summary>
/// Registrations as CSV for a spreadsheet or the door list: registered first, then the queue in order, then
/// cancellations.
/// </summary>
public sealed class RegistrationsCsvModel(MastheadDb db, PaperClock clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return NotFound();
        var all = await db.Registrations.AsNoTracking().Where(r => r.EventId == id).OrderBy(r => r.Id).ToListAsync(ct);

        using var csv = new CsvExport("Status", "Queue", "Name", "Email", "Registered at", "Promoted at", "Cancelled at");
        var queue = 0;
        foreach (var r in all.OrderBy(r => r.Status).ThenBy(r => r.Id))
        {
            csv.Row(r.Status.ToString(), r.Status == RegistrationStatus.Waiting ? ++queue : null, r.Name, r.Email, Local(r.CreatedAt),
                r.PromotedAt is { } p ? Local(p) : null, r.CancelledAt is { } c ? Local(c) : null);
        }
        return csv.File($"{e.Slug}-registrations.csv");
    }

    private string Local(DateTime utc) => clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
