using System.Text.Json.Nodes;
using Masthead.Data;
using Masthead.Features.Donations;
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
    IOptions<StripeOptions> stripe, TimeProvider time) : PageModel
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
        var payload = CheckoutCompleted(application, now);
        var outcome = await webhook.HandleAsync(payload, SandboxEvents.Sign(payload, stripe.Value.WebhookSecret!, now), ct);
        if (outcome.Status is not (StripeWebhook.Status.Applied or StripeWebhook.Status.Duplicate))
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

    /// <summary>The event Stripe sends when a share checkout is paid, in Stripe's own shape.</summary>
    public static string CheckoutCompleted(ShareApplication application, DateTimeOffset at)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in ShareCheckout.Metadata(application)) metadata[key] = value;
        var session = new JsonObject
        {
            ["id"] = application.ProviderSessionId,
            ["object"] = "checkout.session",
            ["mode"] = "payment",
            ["status"] = "complete",
            ["payment_status"] = "paid",
            ["amount_subtotal"] = application.AmountPence,
            ["amount_total"] = application.AmountPence,
            ["currency"] = "gbp",
            ["client_reference_id"] = application.Id.ToString(),
            ["customer_email"] = application.Email,
            ["customer_details"] = new JsonObject { ["email"] = application.Email, ["name"] = application.Name },
            ["payment_intent"] = "pi_" + application.ProviderSessionId!.Replace("cs_", ""),
            ["metadata"] = metadata,
            ["livemode"] = false,
            ["created"] = at.ToUnixTimeSeconds(),
        };
        return SandboxEvents.Wrap("checkout.session.completed", session, at.ToUnixTimeSeconds());
    }
}
