using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Supporters.Desk;

/// <summary>
/// Changes a scheme. Existing supporters keep the amount they signed up for; whether their payments count toward
/// the fund follows the scheme from the next payment on (what is in the ledger stays as it was).
/// </summary>
public sealed class EditSchemeModel(MastheadDb db, PaperClock clock) : PageModel
{
    [BindProperty]
    public SchemeForm Input { get; set; } = new();

    public SupporterScheme Scheme { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await db.SupporterSchemes.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is not { } scheme) return NotFound();
        Scheme = scheme;
        Input = SchemeForm.From(scheme);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await db.SupporterSchemes.FirstOrDefaultAsync(s => s.Id == id, ct) is not { } scheme) return NotFound();
        Scheme = scheme;
        var before = $"{scheme.Name}: {Masthead.Kernel.Money.Pence(scheme.MonthlyPence)}{(scheme.OpenAmount ? " or more" : "")}, fund {(scheme.CountsTowardFund ? "yes" : "no")}";
        if (!await Input.ApplyAsync(scheme, db, ModelState, ct))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        db.MoneyAudit.Add(new MoneyAudit
        {
            At = clock.UtcNow,
            By = User.Identity!.Name!,
            Action = "Changed a supporter scheme",
            Details = $"Scheme {scheme.Id} was {before}; now {Masthead.Kernel.Money.Pence(scheme.MonthlyPence)}{(scheme.OpenAmount ? " or more" : "")}, fund {(scheme.CountsTowardFund ? "yes" : "no")}",
        });
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = $"Saved the {scheme.Name} scheme.";
        return Redirect("/supporters/schemes");
    }
}
