using Masthead.Infrastructure.Payments;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Supporters;

/// <summary>
/// Plays Stripe's part for sandbox subscriptions: each thing a supporter or the billing cycle does becomes the
/// signed event Stripe would send, handed to the same webhook code — so the sandbox exercises the real path.
/// </summary>
public sealed class SandboxBilling(StripeWebhook webhook, IOptions<StripeOptions> stripe, TimeProvider time)
{
    /// <summary>The checkout completes and the first month is paid.</summary>
    public async Task CompleteCheckoutAsync(Supporter supporter, string schemeName, CancellationToken ct)
    {
        var subscription = $"sub_sandbox_{Guid.NewGuid():N}";
        var customer = $"cus_sandbox_{Guid.NewGuid():N}";
        await DeliverAsync(SandboxEvents.CheckoutCompleted(SupporterCheckout.Request(supporter, schemeName), supporter.CheckoutSessionId!,
            supporter.Name, Now, subscription, customer), ct);
        await DeliverAsync(Invoice("invoice.paid", supporter, subscription, customer), ct);
    }

    /// <summary>A month's payment is taken.</summary>
    public Task ChargeMonthAsync(Supporter supporter, CancellationToken ct) =>
        DeliverAsync(Invoice("invoice.paid", Subscribed(supporter), supporter.SubscriptionId!, supporter.CustomerId!), ct);

    /// <summary>A month's payment fails: the invoice fails and the subscription falls past due, as Stripe reports it.</summary>
    public async Task FailPaymentAsync(Supporter supporter, CancellationToken ct)
    {
        await DeliverAsync(Invoice("invoice.payment_failed", Subscribed(supporter), supporter.SubscriptionId!, supporter.CustomerId!), ct);
        await DeliverAsync(Subscription("customer.subscription.updated", supporter, "past_due", supporter.MonthlyPence), ct);
    }

    /// <summary>The supporter pays what was overdue with a working card.</summary>
    public async Task PayNowAsync(Supporter supporter, CancellationToken ct)
    {
        await DeliverAsync(Invoice("invoice.paid", Subscribed(supporter), supporter.SubscriptionId!, supporter.CustomerId!), ct);
        await DeliverAsync(Subscription("customer.subscription.updated", supporter, "active", supporter.MonthlyPence), ct);
    }

    public Task ChangeAmountAsync(Supporter supporter, long monthlyPence, CancellationToken ct) =>
        DeliverAsync(Subscription("customer.subscription.updated", Subscribed(supporter),
            supporter.State == SupporterState.PastDue ? "past_due" : "active", monthlyPence), ct);

    public Task CancelAsync(Supporter supporter, CancellationToken ct) =>
        DeliverAsync(Subscription("customer.subscription.deleted", Subscribed(supporter), "canceled", supporter.MonthlyPence), ct);

    private DateTimeOffset Now => time.GetUtcNow();

    private string Invoice(string type, Supporter s, string subscription, string customer) => SandboxSubscriptionEvents.Invoice(
        type, $"in_sandbox_{Guid.NewGuid():N}", subscription, customer, s.MonthlyPence, s.Currency, Now);

    private string Subscription(string type, Supporter s, string status, long pence) => SandboxSubscriptionEvents.Subscription(
        type, s.SubscriptionId!, s.CustomerId!, status, pence, s.Currency, Now);

    private static Supporter Subscribed(Supporter s) =>
        s.Provider == Supporter.SandboxProvider && s.SubscriptionId is not null && s.CustomerId is not null ? s
        : throw new InvalidOperationException($"Supporter {s.Id} has no sandbox subscription.");

    private async Task DeliverAsync(string payload, CancellationToken ct)
    {
        var outcome = await webhook.HandleAsync(payload, SandboxEvents.Sign(payload, stripe.Value.WebhookSecret!, Now), ct);
        if (outcome.Status is PaymentStatus.BadSignature or PaymentStatus.Malformed)
            throw new InvalidOperationException($"The sandbox's event was refused: {outcome.Message}");
    }
}
