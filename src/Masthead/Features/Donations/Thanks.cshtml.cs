using Masthead.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Donations;

public sealed class ThanksModel(MastheadDb db) : PageModel
{
    public DonationIntent? Gift { get; private set; }

    public async Task OnGetAsync([FromQuery] Guid? gift, CancellationToken ct)
    {
        if (gift is { } id) Gift = await db.DonationIntents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
    }
}
