using Masthead.Data;
using Masthead.Features.FightingFund;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Finance;

/// <summary>One fund period: its figures, a change of dates or target with a reason, or closing it with a reason.</summary>
public sealed class PeriodModel(MastheadDb db, FundPeriods periods) : PageModel
{
    public const int ReasonMax = 1000;

    [BindProperty]
    public PeriodForm Edit { get; set; } = new();

    [BindProperty]
    public string? EditReason { get; set; }

    [BindProperty]
    public string? CloseReason { get; set; }

    public FundPeriod Period { get; private set; } = null!;
    public FundFigures Figures { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Edit = PeriodForm.From(Period);
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!Period.IsOpen) return Refuse(nameof(EditReason), "This period is closed: its dates and target can no longer change.", StatusCodes.Status409Conflict);
        var reason = Reason(EditReason, nameof(EditReason), "Say why the period is changing.");
        var checkedForm = await Edit.CheckAsync(periods, id, ModelState, nameof(Edit), ct);
        if (checkedForm is not { } form || reason is null) return Invalid();

        await periods.EditAsync(Period, form.Start, form.End, form.Pounds, User.Identity!.Name!, reason, ct);
        TempData["Notice"] = $"Saved the period {form.Start:d MMM yyyy} – {form.End:d MMM yyyy}, target {Money.Pounds(form.Pounds)}.";
        return Redirect($"/finance/periods/{id}");
    }

    public async Task<IActionResult> OnPostCloseAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Edit = PeriodForm.From(Period);
        if (!Period.IsOpen) return Refuse(nameof(CloseReason), "This period is already closed.", StatusCodes.Status409Conflict);
        if (Reason(CloseReason, nameof(CloseReason), "Say why the period is being closed.") is not { } reason) return Invalid();

        await periods.CloseAsync(Period, User.Identity!.Name!, reason, ct);
        TempData["Notice"] = $"Closed the period {Period.Start:d MMM yyyy} – {Period.End:d MMM yyyy}.";
        return Redirect("/finance/periods");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await db.FundPeriods.FirstOrDefaultAsync(p => p.Id == id, ct) is not { } period) return false;
        Period = period;
        Figures = await periods.FiguresAsync(period, ct);
        return true;
    }

    private string? Reason(string? text, string field, string missing)
    {
        if (string.IsNullOrWhiteSpace(text)) ModelState.AddModelError(field, missing);
        else if (text.Length > ReasonMax) ModelState.AddModelError(field, "A reason is at most 1,000 characters.");
        else return text.Trim();
        return null;
    }

    private PageResult Refuse(string field, string message, int status)
    {
        ModelState.AddModelError(field, message);
        Response.StatusCode = status;
        return Page();
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
