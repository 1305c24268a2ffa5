using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Masthead.Infrastructure.Payments;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Finance;

/// <summary>The Finance desk's front page: how the fund stands today and the way to everything else.</summary>
public sealed class IndexModel(MastheadDb db, FundLive live) : PageModel
{
    public FundSnapshot? Current { get; private set; }
    public int AwaitingReview { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Current = await live.GetAsync(ct);
        AwaitingReview = await db.WebhookEvents.CountAsync(e => e.Outcome == WebhookOutcome.NeedsReview, ct);
    }
}
