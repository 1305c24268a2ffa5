using Masthead.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Supporters;

/// <summary>Where the checkout returns a new supporter. It names no one: the address carries only an unguessable key.</summary>
public sealed class SupportThanksModel(MastheadDb db) : PageModel
{
    public record Pledge(string Scheme, long MonthlyPence, SupporterState State);

    public Pledge? Support { get; private set; }

    public async Task OnGetAsync([FromQuery] Guid? supporter, CancellationToken ct)
    {
        if (supporter is { } key)
            Support = await db.Supporters.AsNoTracking().Where(s => s.Key == key)
                .Select(s => new Pledge(s.Scheme!.Name, s.MonthlyPence, s.State)).FirstOrDefaultAsync(ct);
    }
}
