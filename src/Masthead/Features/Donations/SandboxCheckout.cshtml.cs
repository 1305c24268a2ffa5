using Masthead.Data;
using Masthead.Infrastructure.Payments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Donations;

/// <summary>
/// The sandbox's stand-in for Stripe's hosted checkout. Completing it signs a checkout.session.completed
/// event in Stripe's format and hands it to the same webhook code Stripe's own events go through.
/// </summary>
public sealed class SandboxCheckoutModel(MastheadDb db, PaymentProviders providers, StripeWebhook webhook,
    IOptions<StripeOptions> stripe, TimeProvider time) : PageModel
{
    public DonationIntent Intent { get; private set; } = null!;
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!providers.SandboxActive) return NotFound();
        var intent = await db.DonationIntents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.Provider == SandboxPayments.ProviderName, ct);
        if (intent is null) return NotFound();
        Intent = intent;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!providers.SandboxActive) return NotFound();
        var intent = await db.DonationIntents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.Provider == SandboxPayments.ProviderName, ct);
        if (intent is null) return NotFound();

        var now = time.GetUtcNow();
        var payload = SandboxEvents.CheckoutCompleted(GiftPayments.Checkout(intent), intent.ProviderSessionId!, intent.Name, now);
        var outcome = await webhook.HandleAsync(payload, SandboxEvents.Sign(payload, stripe.Value.WebhookSecret!, now), ct);
        if (outcome.Status is not (PaymentStatus.Applied or PaymentStatus.Duplicate))
        {
            Intent = intent;
            Problem = $"The sandbox payment was not recorded: {outcome.Message}";
            Response.StatusCode = StatusCodes.Status502BadGateway;
            return Page();
        }
        return Redirect($"/donate/thanks?gift={intent.Id}");
    }
}
