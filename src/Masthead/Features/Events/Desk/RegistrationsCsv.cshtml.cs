using System.Globalization;
using System.Text;
using CsvHelper;
using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Events.Desk;

/// <summary>
/// Registrations as CSV for a spreadsheet or the door list: registered first, then the queue in order, then
/// cancellations. Cells that a spreadsheet would run as a formula are escaped.
/// </summary>
public sealed class RegistrationsCsvModel(MastheadDb db, PaperClock clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return NotFound();
        var all = await db.Registrations.AsNoTracking().Where(r => r.EventId == id).OrderBy(r => r.Id).ToListAsync(ct);

        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        var options = new CsvWriterOptions { Injection = CsvInjection.Escape, NewLine = "\r\n" };
        await using (var csv = CsvWriter.Create(text, options, true))
        {
            csv.WriteRecord(["Status", "Queue", "Name", "Email", "Registered at", "Promoted at", "Cancelled at"]);
            var queue = 0;
            foreach (var r in all.OrderBy(r => r.Status).ThenBy(r => r.Id))
            {
                csv.WriteRecord([
                    r.Status.ToString(),
                    r.Status == RegistrationStatus.Waiting ? (++queue).ToString(CultureInfo.InvariantCulture) : "",
                    r.Name, r.Email, Local(r.CreatedAt),
                    r.PromotedAt is { } p ? Local(p) : "",
                    r.CancelledAt is { } c ? Local(c) : "",
                ]);
            }
        }
        // A byte-order mark, so spreadsheet programs read names like "Tomás" as UTF-8.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
        return File(bytes, "text/csv; charset=utf-8", $"{e.Slug}-registrations.csv");
    }

    private string Local(DateTime utc) => clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
