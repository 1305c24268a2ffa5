using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace Masthead.Infrastructure.Payments;

/// <summary>Stripe Checkout through Stripe.net.</summary>
public sealed class StripePayments(IOptions<StripeOptions> options, IHttpClientFactory http) : IPaymentProvider
{
    public const string ProviderName = "stripe";

    public string Name => ProviderName;

    private StripeClient Client() => ClientFor(options.Value, http);

    /// <summary>A Stripe.net client on the named HTTP client, pointed at <see cref="StripeOptions.ApiBase"/> when set (tests).</summary>
    public static StripeClient ClientFor(StripeOptions o, IHttpClientFactory http) =>
        new(o.SecretKey, httpClient: new SystemNetHttpClient(http.CreateClient(ProviderName)),
            apiBase: string.IsNullOrEmpty(o.ApiBase) ? null : o.ApiBase);

    /// <summary>A hosted checkout of one line that carries the request's reference and metadata back in Stripe's events.</summary>
    public async Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, Uri successUrl, Uri cancelUrl, CancellationToken ct = default)
    {
        var metadata = new Dictionary<string, string>(request.Metadata);
        var create = new SessionCreateOptions
        {
            Mode = request.Mode,
            CustomerEmail = request.Email,
            ClientReferenceId = request.Reference,
            SuccessUrl = successUrl.ToString(),
            CancelUrl = cancelUrl.ToString(),
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = request.Quantity,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = request.Currency.ToLowerInvariant(),
                        UnitAmount = request.UnitAmountPence,
                        Recurring = request.Monthly ? new SessionLineItemPriceDataRecurringOptions { Interval = "month" } : null,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = request.ProductName },
                    },
                },
            ],
            Metadata = metadata,
        };
        // The payment (or subscription) carries the metadata too, so its own events say what it was for.
        if (request.Monthly) create.SubscriptionData = new SessionSubscriptionDataOptions { Metadata = metadata };
        else create.PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata };
        var session = await new SessionService(Client()).CreateAsync(create, cancellationToken: ct);
        return new CheckoutStart(session.Id, session.Url);
    }

    /// <summary>A session of Stripe's billing portal, where a supporter changes their card or amount, or cancels.</summary>
    public async Task<string> BillingPortalAsync(string customerId, Uri returnUrl, CancellationToken ct = default)
    {
        var session = await new Stripe.BillingPortal.SessionService(Client()).CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = customerId,
            ReturnUrl = returnUrl.ToString(),
        }, cancellationToken: ct);
        return session.Url;
    }
}
