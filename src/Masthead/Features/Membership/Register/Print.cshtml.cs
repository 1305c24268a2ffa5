using Masthead.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Masthead.Features.Membership.Register;

/// <summary>A member's entry in the register, laid out to print.</summary>
public sealed class PrintModel(MastheadDb db, ShareRegister register) : PageModel
{
    public MemberEntry Entry { get; private set; } = null!;
    public string Society => register.Settings.SocietyName;
    public DateOnly Today => register.Today;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await MemberEntry.LoadAsync(db, id, ct) is not { } entry) return NotFound();
        Entry = entry;
        return Page();
    }
}
