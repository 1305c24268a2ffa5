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

    private StripeClient Client() => ClientFor(options.Value, http);

    /// <summary>A Stripe.net client on the named HTTP client, pointed at <see cref="StripeOptions.ApiBase"/> when set (tests).</summary>
    public static StripeClient ClientFor(StripeOptions o, IHttpClientFactory http) =>
        new(o.SecretKey, httpClient: new SystemNetHttpClient(http.CreateClient(ProviderName)),
            apiBase: string.IsNullOrEmpty(o.ApiBase) ? null : o.ApiBase);

    /// <summary>
    /// A hosted checkout of one line (a gift, a monthly amount, a number of shares) that carries
    /// <paramref name="metadata"/>; <paramref name="configure"/> adds what the mode needs.
    /// </summary>
    public static async Task<CheckoutStart> CheckoutAsync(StripeClient client, string mode, string? email, string reference,
        Uri successUrl, Uri cancelUrl, long quantity, SessionLineItemPriceDataOptions price, Dictionary<string, string> metadata,
        Action<SessionCreateOptions> configure, CancellationToken ct)
    {
        var create = new SessionCreateOptions
        {
            Mode = mode,
            CustomerEmail = email,
            ClientReferenceId = reference,
            SuccessUrl = successUrl.ToString(),
            CancelUrl = cancelUrl.ToString(),
            LineItems = [new SessionLineItemOptions { Quantity = quantity, PriceData = price }],
            Metadata = metadata,
        };
        configure(create);
        var session = await new SessionService(client).CreateAsync(create, cancellationToken: ct);
        return new CheckoutStart(session.Id, session.Url);
    }

    public Task<CheckoutStart> StartDonationAsync(DonationIntent intent, Uri successUrl, Uri cancelUrl, CancellationToken ct = default) =>
        CheckoutAsync(Client(), "payment", intent.Email, intent.Id.ToString(), successUrl, cancelUrl, 1,
            new SessionLineItemPriceDataOptions
            {
                Currency = intent.Currency.ToLowerInvariant(),
                UnitAmount = intent.AmountPence,
                ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Fighting fund donation" },
            },
            DonationMetadata.From(intent),
            c => c.PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = DonationMetadata.From(intent) }, ct);

    public Task<CheckoutStart> StartSupportAsync(SupportCheckout support, Uri successUrl, Uri cancelUrl, CancellationToken ct = default) =>
        CheckoutAsync(Client(), "subscription", support.Email, support.SupporterKey.ToString(), successUrl, cancelUrl, 1,
            new SessionLineItemPriceDataOptions
            {
                Currency = support.Currency.ToLowerInvariant(),
                UnitAmount = support.MonthlyPence,
                Recurring = new SessionLineItemPriceDataRecurringOptions { Interval = "month" },
                ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"Monthly support: {support.SchemeName}" },
            },
            support.Metadata(),
            c => c.SubscriptionData = new SessionSubscriptionDataOptions { Metadata = support.Metadata() }, ct);

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
