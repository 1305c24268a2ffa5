using Masthead.Infrastructure.Payments;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

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

    public async Task<CheckoutStart> StartAsync(ShareApplication application, Uri successUrl, Uri cancelUrl, CancellationToken ct = default)
    {
        if (!UsesStripe)
            return new CheckoutStart($"cs_sandbox_{Guid.NewGuid():N}", $"/sandbox/shares/{application.Id}");
        return await StripePayments.CheckoutAsync(Client(), "payment", application.Email, application.Id.ToString(), successUrl, cancelUrl,
            application.Shares,
            new SessionLineItemPriceDataOptions
            {
                Currency = options.Value.Currency.ToLowerInvariant(),
                UnitAmount = options.Value.ShareValuePence,
                ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"Shares in {options.Value.SocietyName}" },
            },
            Metadata(application),
            c => c.PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = Metadata(application) }, ct);
    }

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
