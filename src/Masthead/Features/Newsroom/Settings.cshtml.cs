using System.ComponentModel.DataAnnotations;
using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Newsroom;

public sealed class SettingsModel(MastheadDb db, PublicPages publicPages) : PageModel
{
    [BindProperty, Display(Name = "Co-operative blurb"), Required(ErrorMessage = "The footer needs the co-operative's blurb."),
     MaxLength(1000, ErrorMessage = "The blurb is at most 1,000 characters.")]
    public string CooperativeBlurb { get; set; } = "";

    public async Task OnGetAsync(CancellationToken ct) =>
        CooperativeBlurb = (await publicPages.GetFrameAsync(db, ct)).CooperativeBlurb;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var setting = await db.SiteSettings.FirstOrDefaultAsync(s => s.Key == SiteSettings.CooperativeBlurb, ct);
        if (setting is null) db.SiteSettings.Add(setting = new SiteSetting { Key = SiteSettings.CooperativeBlurb });
        setting.Value = CooperativeBlurb.Trim();
        await db.SaveChangesAsync(ct);
        await publicPages.ChangedAsync(ct);
        TempData["Notice"] = "Settings saved.";
        return RedirectToPage();
    }
}
