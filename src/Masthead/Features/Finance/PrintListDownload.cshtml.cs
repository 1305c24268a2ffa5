using System.Text;
using Masthead.Features.FightingFund;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Masthead.Features.Finance;

/// <summary>The day's fighting fund list for the printed paper, as a text file (Finance staff, by the folder's policy).</summary>
public sealed class PrintListDownloadModel(PrintList printList) : PageModel
{
    private const string PlainText = "text/plain; charset=utf-8";

    public async Task<IActionResult> OnGetAsync(string? date, CancellationToken ct)
    {
        var (day, problem) = PrintList.ParseDate(date);
        if (day is not { } d)
            return new ContentResult { StatusCode = StatusCodes.Status400BadRequest, ContentType = PlainText, Content = problem };
        var text = await printList.BuildAsync(d, ct);
        return File(Encoding.UTF8.GetBytes(text), PlainText, PrintList.FileName(d));
    }
}
