using System.Globalization;
using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Csv;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Campaigns.Desk;

/// <summary>
/// The contact list a campaign may use: confirmed signatories who agreed to be contacted again, and nobody else.
/// </summary>
public sealed class SignatoriesModel(MastheadDb db, PaperClock clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var statement = await db.Statements.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (statement is null) return NotFound();
        var rows = await db.Signatures.AsNoTracking()
            .Where(s => s.StatementId == id && s.ConfirmedAt != null && s.MayContact)
            .OrderBy(s => s.ConfirmedAt).ThenBy(s => s.Id)
            .Select(s => new { s.Name, s.Email, s.Town, s.Country, s.Organisation, s.ConfirmedAt })
            .ToListAsync(ct);
        using var csv = new CsvExport("Name", "Email", "Town", "Country", "Organisation", "Signed");
        foreach (var r in rows)
        {
            csv.Row(r.Name, r.Email, r.Town, r.Country, r.Organisation,
                clock.ToLocal(r.ConfirmedAt!.Value).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        }
        return csv.File($"{statement.Slug}-contacts.csv");
    }
}
