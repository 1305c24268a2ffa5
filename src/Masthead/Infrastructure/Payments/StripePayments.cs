using Masthead.Features.Donations;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace Masthead.Infrastructure.Payments;

/// <summary>Stripe Checkout through Stripe.net.</summary>
public sealed class StripePayments(IOptions<StripeOptions> options, IHttpClientFactory http) : IPaymentProvider
{
    public const string ProviderName = "stripe";

    public string Name => ProviderName;

    private StripeClient Client()
    {
        var o = options.Value;
        return new StripeClient(o.SecretKey, httpClient: new SystemNetHttpClient(http.CreateClient(ProviderName)),
            apiBase: string.IsNullOrEmpty(o.ApiBase) ? null : o.ApiBase);
    }

    public async Task<CheckoutStart> StartDonationAsync(DonationIntent intent, Uri successUrl, Uri cancelUrl, CancellationToken ct = default)
    {
        var session = await new SessionService(Client()).CreateAsync(new SessionCreateOptions
        {
            Mode = "payment",
            CustomerEmail = intent.Email,
            ClientReferenceId = intent.Id.ToString(),
            SuccessUrl = successUrl.ToString(),
            CancelUrl = cancelUrl.ToString(),
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = intent.Currency.ToLowerInvariant(),
                        UnitAmount = intent.AmountPence,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Fighting fund donation" },
                    },
                },
            ],
            Metadata = DonationMetadata.From(intent),
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = DonationMetadata.From(intent) },
        }, cancellationToken: ct);
        return new CheckoutStart(session.Id, session.Url);
    }

    public async Task<CheckoutStart> StartSupportAsync(SupportCheckout support, Uri successUrl, Uri cancelUrl, CancellationToken ct = default)
    {
        var session = await new SessionService(Client()).CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            CustomerEmail = support.Email,
            ClientReferenceId = support.SupporterKey.ToString(),
            SuccessUrl = successUrl.ToString(),
            CancelUrl = cancelUrl.ToString(),
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = support.Currency.ToLowerInvariant(),
                        UnitAmount = support.MonthlyPence,
                        Recurring = new SessionLineItemPriceDataRecurringOptions { Interval = "month" },
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"Monthly support: {support.SchemeName}" },
                    },
                },
            ],
            Metadata = support.Metadata(),
            SubscriptionData = new SessionSubscriptionDataOptions { Metadata = support.Metadata() },
        }, cancellationToken: ct);
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

/// <summary>What travels with a checkout so the webhook can record the gift as the donor asked.</summary>
public static class DonationMetadata
{
    public static Dictionary<string, string> From(DonationIntent intent) => new()
    {
        ["masthead_intent"] = intent.Id.ToString(),
        ["donor_name"] = intent.Name,
        ["donor_town"] = intent.Town ?? "",
        ["thank_as"] = intent.ThankAs?.ToString() ?? "",
        ["show_town"] = intent.ShowTown ? "yes" : "no",
    };
}
