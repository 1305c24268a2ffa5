using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Masthead.Features.Membership.Register;

/// <summary>The members entitled to vote on a date: one vote each, whatever their holding.</summary>
public sealed class VotersModel(RegisterReports reports, ShareRegister register) : PageModel
{
    public IReadOnlyList<Holdings.Voter> Voters { get; private set; } = [];
    public DateOnly On { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] string? on, [FromQuery] string? format, CancellationToken ct)
    {
        On = register.Today;
        if (!string.IsNullOrEmpty(on) && !DateOnly.TryParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            Problem = "Give the date as YYYY-MM-DD.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        else if (!string.IsNullOrEmpty(on)) On = DateOnly.ParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Voters = await reports.VotersAsync(On, ct);
        if (format != "csv") return Page();
        var csv = new StringBuilder("number,name,votes\r\n");
        foreach (var v in Voters) csv.Append(CultureInfo.InvariantCulture, $"{v.Number},\"{v.Name.Replace("\"", "\"\"")}\",{v.Votes}\r\n");
        Response.Headers.CacheControl = "no-store";
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"voters-{On:yyyy-MM-dd}.csv");
    }
}
