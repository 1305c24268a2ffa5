using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership.Register;

/// <summary>The society's officers with their offices and the dates they took (and left) them.</summary>
public sealed class OfficersModel(MastheadDb db, PaperClock clock) : PageModel
{
    public IReadOnlyList<Officer> Officers { get; private set; } = [];
    public string? Problem { get; private set; }
    public DateOnly Today => clock.Today();

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Office { get; set; }
    [BindProperty] public DateOnly? On { get; set; }
    [BindProperty] public int? OfficerId { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > Member.NameMax) return await ProblemAsync("Give the officer's full name.", ct);
        if (string.IsNullOrWhiteSpace(Office) || Office.Trim().Length > 100) return await ProblemAsync("Give the office, like Secretary or Treasurer.", ct);
        if (On is not { } on || on > Today) return await ProblemAsync("Give the date they took office (not in the future).", ct);
        var member = await db.Members.AsNoTracking().Where(m => m.Name == Name.Trim() && m.CeasedOn == null).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct);
        db.Officers.Add(new Officer { Name = Name.Trim(), Office = Office.Trim(), TookOfficeOn = on, MemberId = member, RecordedBy = User.Identity!.Name!, RecordedAt = clock.UtcNow });
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = $"{Name.Trim()} entered as {Office.Trim()} from {on:d MMMM yyyy}.";
        return Redirect("/membership/officers");
    }

    public async Task<IActionResult> OnPostEndAsync(CancellationToken ct)
    {
        var officer = await db.Officers.FirstOrDefaultAsync(o => o.Id == OfficerId && o.LeftOfficeOn == null, ct);
        if (officer is null) return await ProblemAsync("That officer is not in office.", ct);
        if (On is not { } on || on > Today || on < officer.TookOfficeOn) return await ProblemAsync("Give the date they left office: not in the future, not before they took it.", ct);
        officer.LeftOfficeOn = on;
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = $"{officer.Name} left the office of {officer.Office} on {on:d MMMM yyyy}.";
        return Redirect("/membership/officers");
    }

    private async Task<IActionResult> ProblemAsync(string message, CancellationToken ct)
    {
        Problem = message;
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Officers = await db.Officers.AsNoTracking().OrderBy(o => o.LeftOfficeOn != null).ThenBy(o => o.Office).ThenByDescending(o => o.TookOfficeOn).ToListAsync(ct);
}
