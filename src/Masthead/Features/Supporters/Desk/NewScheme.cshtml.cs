using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Masthead.Features.Supporters.Desk;

public sealed class NewSchemeModel(MastheadDb db, PaperClock clock) : PageModel
{
    [BindProperty]
    public SchemeForm Input { get; set; } = new();

    public void OnGet() => Input = new() { CountsTowardFund = true, Offered = true };

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var scheme = new SupporterScheme { Name = "" };
        if (!await Input.ApplyAsync(scheme, db, ModelState, ct))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        db.SupporterSchemes.Add(scheme);
        await db.SaveChangesAsync(ct);
        db.MoneyAudit.Add(new MoneyAudit
        {
            At = clock.UtcNow,
            By = User.Identity!.Name!,
            Action = "Added a supporter scheme",
            Details = $"Scheme {scheme.Id} {scheme.Name}: {Masthead.Kernel.Money.Pence(scheme.MonthlyPence)}{(scheme.OpenAmount ? " or more" : "")} a month, fund {(scheme.CountsTowardFund ? "yes" : "no")}",
        });
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = $"Added the {scheme.Name} scheme.";
        return Redirect("/supporters/schemes");
    }
}
