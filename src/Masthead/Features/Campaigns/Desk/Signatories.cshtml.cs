using System.Text;
using Masthead.Data;
using Masthead.Features.Publishing;
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
        var csv = new StringBuilder("Name,Email,Town,Country,Organisation,Signed\r\n");
        foreach (var r in rows)
        {
            csv.AppendJoin(',', Field(r.Name), Field(r.Email), Field(r.Town), Field(r.Country), Field(r.Organisation),
                clock.ToLocal(r.ConfirmedAt!.Value).ToString("yyyy-MM-dd HH:mm")).Append("\r\n");
        }
        Response.Headers.CacheControl = "no-store";
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(),
            "text/csv; charset=utf-8", $"{statement.Slug}-contacts.csv");
    }

    /// <summary>Quoted as CSV wants; a value a spreadsheet would run as a formula is defused with a leading apostrophe.</summary>
    public static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || value.StartsWith('\'') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
