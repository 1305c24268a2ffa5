using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Masthead.Features.Membership.Register;

/// <summary>The register as CSV as at a date: holdings on that date, not today's.</summary>
public sealed class ExportModel(RegisterReports reports, ShareRegister register) : PageModel
{
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] string? asAt, CancellationToken ct)
    {
        var date = register.Today;
        if (!string.IsNullOrEmpty(asAt) && !DateOnly.TryParseExact(asAt, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            Problem = "Give the date as YYYY-MM-DD.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        using var csv = RegisterCsv.Write(await reports.AsAtAsync(date, ct));
        return csv.File($"register-as-at-{date:yyyy-MM-dd}.csv");
    }
}
