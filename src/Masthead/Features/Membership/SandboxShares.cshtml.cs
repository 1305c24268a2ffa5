using Masthead.Data;
using Masthead.Infrastructure.Payments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Membership;

/// <summary>
/// The sandbox's stand-in for Stripe's checkout of a share application: completing it signs a
/// checkout.session.completed event with <c>metadata.purpose = shares</c> and hands it to the one webhook.
/// </summary>
public sealed class SandboxSharesModel(MastheadDb db, PaymentProviders providers, StripeWebhook webhook,
    IOptions<StripeOptions> stripe, IOptions<MembershipOptions> options, TimeProvider time) : PageModel
{
    public ShareApplication Application { get; private set; } = null!;
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } application) return NotFound();
        Application = application;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } application) return NotFound();
        var now = time.GetUtcNow();
        var payload = SandboxEvents.CheckoutCompleted(ShareCheckout.Request(application, options.Value), application.ProviderSessionId!, application.Name, now);
        var outcome = await webhook.HandleAsync(payload, SandboxEvents.Sign(payload, stripe.Value.WebhookSecret!, now), ct);
        if (outcome.Status is not (PaymentStatus.Applied or PaymentStatus.Duplicate))
        {
            Application = application;
            Problem = $"The sandbox payment was not recorded: {outcome.Message}";
            Response.StatusCode = StatusCodes.Status502BadGateway;
            return Page();
        }
        return Redirect($"/shares/applied?application={application.Id}");
    }

    private async Task<ShareApplication?> FindAsync(Guid id, CancellationToken ct) => !providers.SandboxActive ? null
        : await db.ShareApplications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.Provider == SandboxPayments.ProviderName, ct);
}
