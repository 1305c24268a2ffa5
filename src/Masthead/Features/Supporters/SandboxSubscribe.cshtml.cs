using Masthead.Data;
using Masthead.Infrastructure.Payments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Supporters;

/// <summary>
/// The sandbox's stand-in for Stripe's hosted checkout in subscription mode. Completing it delivers, signed, the
/// checkout.session.completed and first invoice.paid events Stripe would send, through the same webhook code.
/// </summary>
public sealed class SandboxSubscribeModel(MastheadDb db, PaymentProviders providers, SandboxBilling billing) : PageModel
{
    public Supporter Supporter { get; private set; } = null!;
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid key, CancellationToken ct)
    {
        if (await FindAsync(key, ct) is not { } supporter) return NotFound();
        Supporter = supporter;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid key, CancellationToken ct)
    {
        if (await FindAsync(key, ct) is not { } supporter) return NotFound();
        if (supporter.State == SupporterState.Pending) await billing.CompleteCheckoutAsync(supporter, supporter.Scheme!.Name, ct);
        return Redirect($"/support/thanks?supporter={supporter.Key}");
    }

    private async Task<Supporter?> FindAsync(Guid key, CancellationToken ct) => !providers.SandboxActive ? null
        : await db.Supporters.AsNoTracking().Include(s => s.Scheme)
            .FirstOrDefaultAsync(s => s.Key == key && s.Provider == Supporter.SandboxProvider, ct);
}
