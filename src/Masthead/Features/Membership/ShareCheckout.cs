using Masthead.Infrastructure.Payments;
using Microsoft.Extensions.Options;
using Stripe;

namespace Masthead.Features.Membership;

/// <summary>
/// The hosted checkout for shares and the refund of a refused application: Stripe Checkout through Stripe.net
/// when Stripe is configured, the sandbox look-alike otherwise. Its checkouts carry <c>metadata.purpose = shares</c>,
/// which is how the one Stripe webhook sends them to the register rather than the fighting fund.
/// </summary>
public sealed class ShareCheckout(IOptions<StripeOptions> stripe, IOptions<MembershipOptions> options, IHttpClientFactory http, PaymentProviders providers)
{
    public const string Purpose = "shares";

    public bool Available => providers.Current is not null;
    public bool UsesStripe => !string.IsNullOrEmpty(stripe.Value.SecretKey);

    public static Dictionary<string, string> Metadata(ShareApplication application) => new()
    {
        ["purpose"] = Purpose,
        ["masthead_application"] = application.Id.ToString(),
        ["application_reference"] = application.Reference,
        ["shares"] = application.Shares.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The hosted checkout of an application's shares, paid in full.</summary>
    public static CheckoutRequest Request(ShareApplication application, MembershipOptions settings) => new(
        Monthly: false, Reference: application.Id.ToString(), application.Email, $"Shares in {settings.SocietyName}", settings.ShareValuePence,
        application.Shares, settings.Currency, Metadata(application), SandboxPage: $"/sandbox/shares/{application.Id}");

    public Task<CheckoutStart> StartAsync(ShareApplication application, Uri successUrl, Uri cancelUrl, CancellationToken ct = default) =>
        (providers.Current ?? throw new InvalidOperationException("No payment provider is available."))
            .StartCheckoutAsync(Request(application, options.Value), successUrl, cancelUrl, ct);

    /// <summary>Refunds a card payment in full through Stripe; gives the refund's id. Safe to repeat: Stripe sees one idempotency key.</summary>
    public async Task<string> RefundAsync(ShareApplication application, string paymentIntent, CancellationToken ct = default)
    {
        var refund = await new RefundService(Client()).CreateAsync(new RefundCreateOptions
        {
            PaymentIntent = paymentIntent,
            Amount = application.AmountPence,
            Metadata = new() { ["purpose"] = Purpose, ["masthead_application"] = application.Id.ToString() },
        }, new RequestOptions { IdempotencyKey = $"share-refund-{application.Id}" }, ct);
        return refund.Id;
    }

    private StripeClient Client() => StripePayments.ClientFor(stripe.Value, http);
}
