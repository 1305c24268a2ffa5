using System.Globalization;
using Masthead.Infrastructure.Csv;
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
        using var csv = new CsvExport("number", "name", "votes");
        foreach (var v in Voters) csv.Row(v.Number, v.Name, v.Votes);
        return csv.File($"voters-{On:yyyy-MM-dd}.csv");
    }
}
