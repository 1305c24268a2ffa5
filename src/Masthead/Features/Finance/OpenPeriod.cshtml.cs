using Masthead.Features.FightingFund;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Masthead.Features.Finance;

/// <summary>Opens a fund period: start, inclusive end, target in whole pounds; overlaps are refused.</summary>
public sealed class OpenPeriodModel(FundPeriods periods) : PageModel
{
    [BindProperty]
    public PeriodForm Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await Input.CheckAsync(periods, null, ModelState, nameof(Input), ct) is not { } checkedForm)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var period = await periods.OpenAsync(checkedForm.Start, checkedForm.End, checkedForm.Pounds, User.Identity!.Name!, ct);
        TempData["Notice"] = $"Opened the period {period.Start:d MMM yyyy} – {period.End:d MMM yyyy} with a target of {Money.Pounds(checkedForm.Pounds)}.";
        return Redirect("/finance/periods");
    }
}
